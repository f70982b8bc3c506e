import { Link } from "@remix-run/react";

export default function Home() {
  return (
    <main>
      <h1>clerk-crosswalk · Remix</h1>
      <p>One Clerk auth and user-sync design, here on Remix 2.</p>
      <ul>
        <li>
          <Link to="/sign-in">Sign in</Link>
        </li>
        <li>
          <Link to="/dashboard">Dashboard</Link>
        </li>
      </ul>
    </main>
  );
}
