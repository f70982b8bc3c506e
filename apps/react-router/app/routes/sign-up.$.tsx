import { SignUp } from "@clerk/react-router";
import { AuthPage } from "@crosswalk/ui";

export default function SignUpPage() {
  return (
    <AuthPage>
      <SignUp fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
