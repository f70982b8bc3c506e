import Link from "next/link";

export default function Home() {
  return (
    <main>
      <h1>clerk-crosswalk · Next.js</h1>
      <p>One Clerk auth and user-sync design, here on the Next.js App Router.</p>
      <ul>
        <li>
          <Link href="/sign-in">Sign in</Link>
        </li>
        <li>
          <Link href="/dashboard">Dashboard</Link>
        </li>
      </ul>
    </main>
  );
}
