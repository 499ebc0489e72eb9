import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Button } from "../components/Button";
import { ErrorNote } from "../components/Field";
import { ProjectCard } from "../components/ProjectCard";
import { HomePrompt } from "../components/home/HomePrompt";
import { api, type Project, type User } from "../lib/api";

export function ProjectsPage({ user }: { user: User }) {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [name, setName] = useState("");
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    api.listProjects().then(setProjects, (err: Error) => setError(err.message));
  }, [user.id]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const submitted = name.trim();
    if (!submitted) return;
    // Clear at once so the next name can be typed while this one is created; give it back on failure.
    setName("");
    setCreating(true);
    setError(null);
    try {
      const project = await api.createProject(submitted);
      setProjects((list) => [project, ...(list ?? [])]);
    } catch (err) {
      setName((current) => current || submitted);
      setError((err as Error).message);
    } finally {
      setCreating(false);
    }
  };

  const shown = useMemo(
    () => (projects ?? []).filter((p) => p.name.toLowerCase().includes(filter.trim().toLowerCase())),
    [projects, filter],
  );

  return (
    <div className="space-y-6">
      <HomePrompt />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Your projects</h1>
          <p className="text-sm text-stone-500">Each project becomes an app with its own URL, database and history.</p>
        </div>
        {projects && projects.length > 3 && (
          <input
            type="search"
            aria-label="Search projects"
            placeholder="Search projects"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            className="h-9 w-56 rounded-md border border-stone-300 bg-white px-3 text-sm dark:border-stone-700 dark:bg-stone-900"
          />
        )}
      </div>

      <form
        onSubmit={create}
        className="flex flex-col gap-2 rounded-xl border border-stone-200 bg-white p-4 sm:flex-row dark:border-stone-800 dark:bg-stone-900"
      >
        <label htmlFor="new-project" className="sr-only">
          New project name
        </label>
        <input
          id="new-project"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          placeholder="Or name an empty project yourself, e.g. “Team expenses”"
          className="h-10 flex-1 rounded-md border border-stone-300 bg-white px-3 text-sm dark:border-stone-700 dark:bg-stone-950"
        />
        <Button type="submit" disabled={!name.trim()} aria-busy={creating} className="h-10">
          Create project
        </Button>
      </form>

      <ErrorNote message={error} />

      {projects === null && !error && (
        <p role="status" className="text-sm text-stone-500">
          Loading your projects…
        </p>
      )}
      {projects?.length === 0 && (
        <div className="rounded-xl border border-dashed border-stone-300 p-10 text-center text-stone-500 dark:border-stone-700">
          No projects yet. Describe one above to start.
        </div>
      )}
      {projects && projects.length > 0 && shown.length === 0 && (
        <p className="text-sm text-stone-500">No project matches “{filter}”.</p>
      )}

      <ul className="grid gap-3 sm:grid-cols-2" aria-label="Projects">
        {shown.map((p) => (
          <ProjectCard
            key={p.id}
            project={p}
            onRenamed={(updated) => setProjects((list) => list!.map((x) => (x.id === updated.id ? updated : x)))}
            onDeleted={() => setProjects((list) => list!.filter((x) => x.id !== p.id))}
          />
        ))}
      </ul>
    </div>
  );
}
