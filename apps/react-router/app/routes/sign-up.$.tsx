import { SignUp } from "@clerk/react-router";

export default function SignUpPage() {
  return <SignUp />;
}
