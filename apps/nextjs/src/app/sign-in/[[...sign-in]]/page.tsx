import { SignIn } from "@clerk/nextjs";
import { AuthPage } from "@crosswalk/ui";

export default function SignInPage() {
  return (
    <AuthPage>
      <SignIn fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
