import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { deploy, deployer, visit } from "./hosting-helpers";

const echoWorker = {
  "index.js": `export default { fetch(req, env) {
    return Response.json({ greeting: env.GREETING ?? null, key: env.API_KEY ?? null, hasJwt: typeof env.JWT_SECRET === "string", fromDeploy: env.FROM_DEPLOY ?? null });
  } };`,
};

describe("an app's variables and secrets", () => {
  it("reach the app's Worker on the next request, production and preview alike; secrets are never read back", async () => {
    const d = await deployer("Env app");
    const deployed = await deploy(d.apiToken, d.project.id, {
      assets: { "/index.html": "<p>hi</p>" },
      worker: echoWorker,
      run_worker_first: true,
      env: { FROM_DEPLOY: "yes" },
    });
    const prod = `http://${d.project.slug}.localhost:8787/api`;
    const before = JSON.parse((await visit(prod)).text);
    expect(before).toEqual({ greeting: null, key: null, hasJwt: true, fromDeploy: "yes" });

    const put = (name: string, body: unknown) =>
      call("PUT", `/api/projects/${d.project.id}/env/${name}`, { token: d.token, body });
    const v = await put("GREETING", { value: "hello" });
    expect(v.status).toBe(200);
    expect(v.json.entry).toMatchObject({ name: "GREETING", value: "hello", secret: false, managed: false });
    const s = await put("API_KEY", { value: "sk-very-secret", secret: true });
    expect(s.json.entry).toMatchObject({ name: "API_KEY", value: null, secret: true });
    // At rest the secret is sealed under the platform secret; the variable is stored as it is.
    const stored = (name: string) =>
      env.DB.prepare("SELECT value FROM app_secrets WHERE project_id = ? AND name = ?")
        .bind(d.project.id, name)
        .first<string>("value");
    expect(await stored("API_KEY")).toMatch(/^sealed:v1\./);
    expect(await stored("API_KEY")).not.toContain("sk-very-secret");
    expect(await stored("GREETING")).toBe("hello");

    // Already-warm isolates are replaced: the next request sees both.
    expect(JSON.parse((await visit(prod)).text)).toEqual({
      greeting: "hello",
      key: "sk-very-secret",
      hasJwt: true,
      fromDeploy: "yes",
    });
    const previewHost = new URL(deployed.previewUrl ?? deployed.preview_url ?? deployed.urls?.preview).host;
    expect(JSON.parse((await visit(`http://${previewHost}/api`)).text).key).toBe("sk-very-secret");

    const list = await call("GET", `/api/projects/${d.project.id}/env`, { token: d.token });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain("sk-very-secret");
    const names = list.json.env.map((e: { name: string }) => e.name);
    expect(names).toEqual(["API_KEY", "GREETING", "JWT_SECRET"]);
    expect(list.json.env.find((e: { name: string }) => e.name === "JWT_SECRET")).toMatchObject({
      managed: true,
      secret: true,
      value: null,
    });

    expect((await call("DELETE", `/api/projects/${d.project.id}/env/GREETING`, { token: d.token })).status).toBe(204);
    expect(JSON.parse((await visit(prod)).text).greeting).toBeNull();
    expect((await call("DELETE", `/api/projects/${d.project.id}/env/GREETING`, { token: d.token })).status).toBe(404);
  });

  it("refuses bad names, reserved names, oversized values and other people's projects with a message", async () => {
    const d = await deployer("Env errors");
    const put = (name: string, body: unknown, token = d.token) =>
      call("PUT", `/api/projects/${d.project.id}/env/${name}`, { token, body });
    const bad = await put("1ABC", { value: "x" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("not a valid name");
    for (const name of ["DB", "STORAGE", "ASSETS", "__KILN_DB", "JWT_SECRET"]) {
      const res = await put(name, { value: "x" });
      expect(res.status, name).toBe(400);
      expect(res.json.error.code).toBe("reserved_name");
    }
    const big = await put("BIG", { value: "x".repeat(5 * 1024 + 1) });
    expect(big.status).toBe(400);
    expect(big.json.error.message).toContain("at most 5120 bytes");
    const wrongType = await put("OK", { value: 5 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.message).toContain("value");
    expect((await call("DELETE", `/api/projects/${d.project.id}/env/JWT_SECRET`, { token: d.token })).status).toBe(400);

    const other = await deployer("Someone else's");
    expect((await put("OK", { value: "x" }, other.token)).status).toBe(404);
    expect((await call("GET", `/api/projects/${d.project.id}/env`, { token: other.token })).status).toBe(404);
    expect((await call("GET", `/api/projects/${d.project.id}/env`)).status).toBe(401);
  });
});
