import { inspectRoutes } from "hono/dev";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/app";
import { call, signUp } from "./helpers";

/**
 * /api/openapi.json describes every route the platform answers: the routes are read from the app
 * itself, so a route added without a description fails here.
 */

/** Hono's `:name` is OpenAPI's `{name}`; the files API's trailing `*` (a path with slashes) is documented as `{path}`. */
const documentedPath = (path: string) => path.replace(/:(\w+)/g, "{$1}").replace(/\/\*$/, "/{path}");

const ROUTES = [
  ...new Set(
    inspectRoutes(createApi())
      .filter((r) => !r.isMiddleware)
      // The catch-alls answer 404 for everything else, and the document does not describe itself.
      .filter((r) => r.method !== "ALL" && r.path !== "/api/openapi.json")
      .map((r) => `${r.method} ${documentedPath(r.path)}`),
  ),
];

async function documented(): Promise<Set<string>> {
  const res = await call("GET", "/api/openapi.json");
  expect(res.status).toBe(200);
  const paths = res.json.paths as Record<string, Record<string, unknown>>;
  return new Set(
    Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`)),
  );
}

describe("the OpenAPI document", () => {
  it("describes every route of the builder API, the deploy API and the server API", async () => {
    const ops = await documented();
    expect(ROUTES.length).toBeGreaterThanOrEqual(52);
    for (const prefix of ["/api/", "/__api/", "/build-preview-for-new-project", "/rebuild-preview"])
      expect(
        ROUTES.some((r) => r.split(" ")[1]!.startsWith(prefix)),
        prefix,
      ).toBe(true);
    expect(ROUTES.filter((r) => !ops.has(r))).toEqual([]);
    // And nothing that is not a route.
    expect([...ops].filter((op) => !ROUTES.includes(op))).toEqual([]);
  });

  it("publishes the schemas that validate: a documented constraint is enforced", async () => {
    const doc = (await call("GET", "/api/openapi.json")).json;
    const body = (path: string, method: string) =>
      doc.paths[path][method].requestBody.content["application/json"].schema;
    const ref = (schema: { $ref?: string }) =>
      schema.$ref ? doc.components.schemas[schema.$ref.split("/").pop()!] : schema;

    const settings = ref(body("/api/settings/ai", "put"));
    expect(settings.properties.provider.enum).toContain("openai-compatible");
    const { token } = await signUp();
    const refused = await call("PUT", "/api/settings/ai", { token, body: { provider: "not-a-provider" } });
    expect([refused.status, refused.json.error.code, refused.json.error.details[0].path]).toEqual([
      400,
      "invalid_request",
      "provider",
    ]);

    const chat = ref(body("/api/chat", "post"));
    expect(chat.properties.message.maxLength).toBe(10_000);
    expect(chat.required).toEqual(expect.arrayContaining(["projectId", "message"]));

    const deploy = ref(body("/__api/projects/{id}/deploy", "post"));
    expect(deploy.required).toContain("completionJwt");
    expect(doc.paths["/api/projects/{id}/files/{path}"].put.parameters.map((p: { name: string }) => p.name)).toEqual([
      "id",
      "path",
    ]);
    expect(doc.paths["/rebuild-preview"].post.requestBody.content["application/json"]).toBeDefined();
  });
});
