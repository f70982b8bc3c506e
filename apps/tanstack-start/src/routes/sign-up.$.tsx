import { SignUp } from "@clerk/tanstack-react-start";
import { createFileRoute } from "@tanstack/react-router";

export const Route = createFileRoute("/sign-up/$")({ component: SignUpPage });

function SignUpPage() {
  return (
    <main className="crosswalk-auth">
      <SignUp fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
