import { SignUp } from "@clerk/nextjs";
import { AuthPage } from "@crosswalk/ui";

export default function SignUpPage() {
  return (
    <AuthPage>
      <SignUp fallbackRedirectUrl="/dashboard" />
    </AuthPage>
  );
}
