import { SignIn } from "@clerk/tanstack-react-start";
import { createFileRoute } from "@tanstack/react-router";

export const Route = createFileRoute("/sign-in/$")({ component: SignInPage });

function SignInPage() {
  return (
    <main className="crosswalk-auth">
      <SignIn fallbackRedirectUrl="/dashboard" />
    </main>
  );
}
