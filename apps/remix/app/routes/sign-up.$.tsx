import { SignUp } from "@clerk/remix";

export default function SignUpPage() {
  return (
    <main className="crosswalk-auth">
      <SignUp fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
