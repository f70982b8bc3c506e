import { SignUp } from "@clerk/tanstack-react-start";
import { AuthPage } from "@crosswalk/ui";
import { createFileRoute } from "@tanstack/react-router";

export const Route = createFileRoute("/sign-up/$")({ component: SignUpPage });

function SignUpPage() {
  return (
    <AuthPage>
      <SignUp fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
