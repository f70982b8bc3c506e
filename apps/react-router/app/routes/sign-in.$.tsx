import { SignIn } from "@clerk/react-router";

export default function SignInPage() {
  return (
    <main className="crosswalk-auth">
      <SignIn fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
