import { SignUp } from "@clerk/remix";
import { AuthPage } from "@crosswalk/ui";

export default function SignUpPage() {
  return (
    <AuthPage>
      <SignUp fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
