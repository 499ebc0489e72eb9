import { Link, Navigate, useLocation, useNavigate } from "react-router";
import { AuthForm } from "../components/AuthForm";
import { useAuth } from "../lib/auth";

export function LoginPage() {
  const { login, status } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  // Where RequireAuth sent the user from, so they land back there.
  const from = (location.state as { from?: string } | null)?.from ?? "/";

  if (status === "signed-in") return <Navigate to={from} replace />;

  return (
    <AuthForm
      title="Sign in"
      description="Welcome back. Sign in to continue."
      submitLabel="Sign in"
      newPassword={false}
      onSubmit={async (email, password) => {
        await login(email, password);
        navigate(from, { replace: true });
      }}
      footer={
        <>
          No account yet?{" "}
          <Link to="/register" state={location.state} className="font-medium text-zinc-900 underline dark:text-zinc-100">
            Create one
          </Link>
        </>
      }
    />
  );
}
