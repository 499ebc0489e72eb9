import { useEffect, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import {
  api,
  type AiSettings,
  type AiSettingsAnswer,
  type ApiToken,
  type PreviewInfo,
  type Project,
} from "../../lib/api";
import { Button } from "../Button";
import { ErrorNote, Field } from "../Field";
import { useAction } from "../../lib/use-action";
import { AppEnvSettings } from "./AppEnvSettings";
import { DomainSettings } from "./DomainSettings";
import { SessionSettings } from "./SessionSettings";
import { UsageSettings } from "./UsageSettings";

const section = "space-y-3 rounded-xl border border-stone-200 bg-white p-4 dark:border-stone-800 dark:bg-stone-900";

/** Model settings, the project's URLs, custom domains and preview link, the app's variables and secrets, sessions, API tokens and deleting the project. */
export function SettingsPanel({
  project,
  onAiChanged,
  livePreviewUrl,
  onPreviewRotated,
  onDomainsChanged,
}: {
  project: Project;
  onAiChanged: () => void;
  livePreviewUrl: string | null;
  onPreviewRotated: (preview: PreviewInfo) => void;
  onDomainsChanged?: () => void;
}) {
  return (
    <div className="h-full space-y-4 overflow-y-auto p-3" data-testid="settings-panel">
      <ModelSettings onSaved={onAiChanged} />
      <UsageSettings className={section} />
      <ProjectUrls project={project} />
      <DomainSettings projectId={project.id} className={section} onChanged={onDomainsChanged} />
      <PreviewLink projectId={project.id} url={livePreviewUrl} onRotated={onPreviewRotated} />
      <AppEnvSettings projectId={project.id} className={section} />
      <SessionSettings className={section} />
      <Tokens />
      <DeleteProject project={project} />
    </div>
  );
}

function ModelSettings({ onSaved }: { onSaved: () => void }) {
  const [answer, setAnswer] = useState<AiSettingsAnswer | null>(null);
  const [provider, setProvider] = useState<AiSettings["provider"]>("offline");
  const [model, setModel] = useState("");
  const [baseURL, setBaseURL] = useState("");
  const [apiKey, setApiKey] = useState("");
  const { busy, error, status, setError, run } = useAction();

  useEffect(() => {
    api.aiSettings().then(
      (a) => {
        setAnswer(a);
        if (a.settings) {
          setProvider(a.settings.provider);
          setModel(a.settings.model ?? "");
          setBaseURL(a.settings.baseURL ?? "");
        }
      },
      (err: Error) => setError(err.message),
    );
  }, []);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const { settings } = await api.saveAiSettings({
        provider,
        model: model.trim() || null,
        baseURL: baseURL.trim() || null,
        ...(apiKey ? { apiKey } : {}),
      });
      setAnswer((a) => a && { ...a, settings, effective: settings.provider === "offline" ? "offline" : "yours" });
      setApiKey("");
      onSaved();
      return "Saved.";
    });
  };

  const hasKey = answer?.settings?.hasKey && answer.settings.provider === provider;
  const chosen = answer?.providers.find((p) => p.id === provider);
  return (
    <form className={section} onSubmit={save} aria-labelledby="model-title">
      <h2 id="model-title" className="font-medium">
        AI model
      </h2>
      {answer && (
        <p className="text-xs text-stone-500">
          {answer.effective === "offline" && "No model is connected: Kiln works offline."}
          {answer.effective === "platform" &&
            `Using this Kiln's model (${answer.platform.provider}${answer.platform.model ? `, ${answer.platform.model}` : ""}).`}
          {answer.effective === "yours" && "Using your own model settings."}
        </p>
      )}
      <div className="flex flex-col gap-1.5">
        <label htmlFor="ai-provider" className="text-sm font-medium">
          Provider
        </label>
        <select
          id="ai-provider"
          value={provider}
          onChange={(e) => setProvider(e.target.value as AiSettings["provider"])}
          className="h-10 rounded-md border border-stone-300 bg-white px-2 text-sm dark:border-stone-700 dark:bg-stone-900"
        >
          <option value="offline">Offline (no model)</option>
          {answer?.providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {provider !== "offline" && (
        <>
          <Field
            id="ai-model"
            label="Model"
            value={model}
            onChange={(e) => setModel(e.target.value)}
            placeholder={chosen?.modelPlaceholder ?? "e.g. glm-4.7-flash"}
          />
          {chosen?.baseURL && (
            <Field
              id="ai-base"
              label="Base URL"
              type="url"
              value={baseURL}
              onChange={(e) => setBaseURL(e.target.value)}
              placeholder="http://localhost:11434/v1"
            />
          )}
          <Field
            id="ai-key"
            label="API key"
            type="password"
            autoComplete="off"
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            placeholder={hasKey ? "A key is saved — type to replace it" : "Paste a key"}
            hint={
              hasKey
                ? "A key is saved. It is stored encrypted and never shown again."
                : "Stored encrypted; it is never sent back to the browser."
            }
          />
        </>
      )}
      <ErrorNote message={error} />
      {status && (
        <p className="text-xs text-emerald-700 dark:text-emerald-300" role="status">
          {status}
        </p>
      )}
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save model settings"}
      </Button>
    </form>
  );
}

function ProjectUrls({ project }: { project: Project }) {
  const future = project.productionUrl
    ? `it will be ${project.productionUrl}`
    : "this Kiln has no apps domain: set APPS_DOMAIN to serve apps";
  return (
    <section className={section} aria-labelledby="urls-title">
      <h2 id="urls-title" className="font-medium">
        URLs
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-stone-500">Production</dt>
        <dd className="min-w-0 truncate">
          {project.deployedUrl ? (
            <a
              className="text-orange-700 underline dark:text-orange-400"
              href={project.deployedUrl}
              target="_blank"
              rel="noreferrer"
            >
              {project.deployedUrl}
            </a>
          ) : (
            <span className="text-stone-500">Not published yet ({future})</span>
          )}
        </dd>
        <dt className="text-stone-500">Slug</dt>
        <dd className="font-mono">{project.slug}</dd>
        <dt className="text-stone-500">Project id</dt>
        <dd className="font-mono text-xs">{project.id}</dd>
      </dl>
    </section>
  );
}

/** The live preview's secret link, and making a new one (which retires every preview link shared so far). */
function PreviewLink({
  projectId,
  url,
  onRotated,
}: {
  projectId: string;
  url: string | null;
  onRotated: (preview: PreviewInfo) => void;
}) {
  const { busy, error, status, run } = useAction();
  const rotate = () => {
    if (
      !confirm(
        "Make a new preview link? Every preview link shared so far stops working, and people signed in to the preview sign in again.",
      )
    )
      return;
    void run(async () => {
      onRotated(await api.rotatePreview(projectId));
      return "Done: the old preview links no longer work.";
    });
  };
  return (
    <section className={section} aria-labelledby="preview-link-title">
      <h2 id="preview-link-title" className="font-medium">
        Preview link
      </h2>
      <p className="text-xs text-stone-500">
        Drafts are private: only people with a preview link can open them. This one always shows the newest version.
      </p>
      {url ? (
        <div className="flex items-center gap-2">
          <code
            className="min-w-0 flex-1 truncate rounded bg-stone-100 px-2 py-1 text-xs dark:bg-stone-950"
            data-testid="preview-link"
          >
            {url}
          </code>
          <CopyButton text={url} />
        </div>
      ) : (
        <p className="text-xs text-stone-500">No preview link: this Kiln has no apps domain.</p>
      )}
      <ErrorNote message={error} />
      {status && (
        <p className="text-xs text-emerald-700 dark:text-emerald-300" role="status">
          {status}
        </p>
      )}
      <Button variant="secondary" disabled={busy} onClick={rotate}>
        {busy ? "Making a new link…" : "New preview link"}
      </Button>
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      className="h-8 text-xs"
      onClick={() =>
        navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

function Tokens() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.tokens().then(setTokens, (err: Error) => setError(err.message));
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const t = await api.createToken(name.trim());
      setCreated(t.token);
      setName("");
      setTokens((list) => [t, ...(list ?? [])]);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const revoke = async (t: ApiToken) => {
    if (!confirm(`Revoke the token “${t.name}”? Anything using it stops working at once.`)) return;
    try {
      await api.revokeToken(t.id);
      setTokens((list) => list?.filter((x) => x.id !== t.id) ?? null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className={section} aria-labelledby="tokens-title">
      <h2 id="tokens-title" className="font-medium">
        API tokens
      </h2>
      <p className="text-xs text-stone-500">
        For <code>kiln deploy</code> and CI. A new token is shown only once.
      </p>
      <form onSubmit={create} className="flex gap-2">
        <label htmlFor="token-name" className="sr-only">
          Token name
        </label>
        <input
          id="token-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          placeholder="Name, e.g. laptop"
          className="h-9 flex-1 rounded-md border border-stone-300 bg-white px-3 text-sm dark:border-stone-700 dark:bg-stone-950"
        />
        <Button type="submit" disabled={!name.trim()}>
          Create token
        </Button>
      </form>
      {created && (
        <div
          className="space-y-1 rounded-md border border-emerald-300 bg-emerald-50 p-2 text-xs dark:border-emerald-800 dark:bg-emerald-950"
          role="status"
        >
          <p>Copy it now; it will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code
              className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 dark:bg-stone-900"
              data-testid="new-token"
            >
              {created}
            </code>
            <CopyButton text={created} />
            <Button variant="ghost" className="h-8 text-xs" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </div>
      )}
      <ErrorNote message={error} />
      {tokens?.length === 0 && <p className="text-xs text-stone-500">No tokens yet.</p>}
      <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800">
        {tokens?.map((t) => (
          <li key={t.id} className="flex items-center gap-2 py-1.5">
            <span className="min-w-0 flex-1 truncate">
              {t.name} <span className="font-mono text-xs text-stone-500">{t.prefix}…</span>
            </span>
            <span className="text-xs text-stone-500">
              {t.lastUsedAt ? `used ${new Date(t.lastUsedAt).toLocaleDateString()}` : "never used"}
            </span>
            <Button
              variant="ghost"
              className="h-8 text-xs text-red-700 dark:text-red-400"
              onClick={() => void revoke(t)}
              aria-label={`Revoke ${t.name}`}
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DeleteProject({ project }: { project: Project }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.deleteProject(project.id);
      navigate("/");
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <section className={`${section} border-red-200 dark:border-red-900`} aria-labelledby="delete-title">
      <h2 id="delete-title" className="font-medium text-red-800 dark:text-red-300">
        Delete this project
      </h2>
      {!confirming ? (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          Delete {project.name}…
        </Button>
      ) : (
        <div className="space-y-2" role="alertdialog" aria-label={`Delete ${project.name}?`}>
          <p className="text-sm">
            This deletes <strong>{project.name}</strong> with its app, database, files and every version. It cannot be
            undone. Type the project's name to confirm.
          </p>
          <label htmlFor="confirm-delete" className="sr-only">
            Project name
          </label>
          <input
            id="confirm-delete"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder={project.name}
            className="h-9 w-full rounded-md border border-stone-300 bg-white px-3 text-sm dark:border-stone-700 dark:bg-stone-950"
          />
          <div className="flex gap-2">
            <Button variant="danger" disabled={typed.trim() !== project.name || busy} onClick={() => void remove()}>
              {busy ? "Deleting…" : `Delete ${project.name}`}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setConfirming(false);
                setTyped("");
              }}
            >
              Keep it
            </Button>
          </div>
        </div>
      )}
      <ErrorNote message={error} />
    </section>
  );
}
