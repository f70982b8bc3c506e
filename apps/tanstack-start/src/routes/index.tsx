import { createFileRoute, Link } from "@tanstack/react-router";

export const Route = createFileRoute("/")({ component: Home });

function Home() {
  return (
    <main>
      <h1>clerk-crosswalk · TanStack Start</h1>
      <p>One Clerk auth and user-sync design, here on TanStack Start.</p>
      <ul>
        <li>
          <a href="/sign-in">Sign in</a>
        </li>
        <li>
          <Link to="/dashboard">Dashboard</Link>
        </li>
      </ul>
    </main>
  );
}
