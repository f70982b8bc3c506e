import { SignIn } from "@clerk/remix";

export default function SignInPage() {
  return (
    <main className="crosswalk-auth">
      <SignIn fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
