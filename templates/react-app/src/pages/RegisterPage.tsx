import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { AuthForm } from "../components/AuthForm";
import { useAuth } from "../lib/auth";

export function RegisterPage() {
  const { register, status } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";

  if (status === "signed-in") return <Navigate to={from} replace />;

  return (
    <AuthForm
      title="Create an account"
      description="Sign up with your email address."
      submitLabel="Create account"
      newPassword
      onSubmit={async (email, password) => {
        await register(email, password);
        navigate(from, { replace: true });
      }}
      footer={
        <>
          Already have an account?{" "}
          <Link to="/login" state={location.state} className="font-medium text-zinc-900 underline dark:text-zinc-100">
            Sign in
          </Link>
        </>
      }
    />
  );
}
