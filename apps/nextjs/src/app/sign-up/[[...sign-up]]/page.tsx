import { SignUp } from "@clerk/nextjs";

export default function SignUpPage() {
  return (
    <main className="crosswalk-auth">
      <SignUp fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
