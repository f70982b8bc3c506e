import { SignIn } from "@clerk/nextjs";

export default function SignInPage() {
  return (
    <main className="crosswalk-auth">
      <SignIn fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
