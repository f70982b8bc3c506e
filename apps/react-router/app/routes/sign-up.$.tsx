import { SignUp } from "@clerk/react-router";

export default function SignUpPage() {
  return (
    <main className="crosswalk-auth">
      <SignUp fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
