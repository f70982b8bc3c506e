import { SignIn } from "@clerk/tanstack-react-start";
import { AuthPage } from "@crosswalk/ui";
import { createFileRoute } from "@tanstack/react-router";

export const Route = createFileRoute("/sign-in/$")({ component: SignInPage });

function SignInPage() {
  return (
    <AuthPage>
      <SignIn fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
