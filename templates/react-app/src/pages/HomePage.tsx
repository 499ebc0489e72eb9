import { PageHeader } from "../components/PageHeader";
import { Card, CardContent } from "../components/ui/card";
import { useAuth } from "../lib/auth";

export function HomePage() {
  const { user } = useAuth();

  return (
    <>
      <PageHeader title={`Welcome, ${user?.email}`} description="You are signed in." />
      <Card>
        <CardContent className="space-y-2 text-sm text-zinc-600 dark:text-zinc-400">
          <p>This is where the app goes. Pages live in src/pages and are listed in src/App.tsx; the API is in worker/index.ts and the database tables in migrations/.</p>
          <p>Everything here is only visible to signed-in users.</p>
        </CardContent>
      </Card>
    </>
  );
}
