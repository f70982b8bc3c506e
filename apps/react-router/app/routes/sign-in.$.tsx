import { SignIn } from "@clerk/react-router";
import { AuthPage } from "@crosswalk/ui";

export default function SignInPage() {
  return (
    <AuthPage>
      <SignIn fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
