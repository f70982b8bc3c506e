import { Link } from "react-router";

export default function Home() {
  return (
    <main>
      <h1>clerk-crosswalk · React Router</h1>
      <p>One Clerk auth and user-sync design, here on React Router 8.</p>
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
