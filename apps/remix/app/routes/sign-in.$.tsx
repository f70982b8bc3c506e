import { SignIn } from "@clerk/remix";
import { AuthPage } from "@crosswalk/ui";

export default function SignInPage() {
  return (
    <AuthPage>
      <SignIn fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
