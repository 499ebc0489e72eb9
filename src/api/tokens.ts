import { createRoute, z } from "@hono/zod-openapi";
import { createToken, listTokens, revokeToken, type TokenRow } from "../store/tokens";
import { notFound } from "./errors";
import { requireUser } from "./require-user";
import { ApiTokenSchema, errorResponses, json } from "./schemas";
import { routes } from "./route";

const common = { tags: ["tokens"], security: [{ bearer: [] }], middleware: [requireUser] };

const create = createRoute({
  ...common,
  method: "post",
  path: "/api/tokens",
  summary: "Create an API token for the deploy API (the token is shown only in this answer)",
  request: {
    body: {
      ...json(
        z.object({
          name: z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" }).max(100),
        }),
      ),
      required: true,
    },
  },
  responses: {
    201: { description: "Created", ...json(ApiTokenSchema.extend({ token: z.string() })) },
    ...errorResponses(400, 401),
  },
});

const list = createRoute({
  ...common,
  method: "get",
  path: "/api/tokens",
  summary: "Your API tokens (never their secrets)",
  responses: {
    200: { description: "The list", ...json(z.object({ tokens: z.array(ApiTokenSchema) })) },
    ...errorResponses(401),
  },
});

const revoke = createRoute({
  ...common,
  method: "delete",
  path: "/api/tokens/{id}",
  summary: "Revoke a token",
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 204: { description: "Revoked" }, ...errorResponses(401, 404) },
});

export const tokenRoutes = routes()
  .openapi(create, async (c) => {
    const { token, row } = await createToken(c.env.DB, c.var.user.id, c.req.valid("json").name);
    return c.json({ ...toToken(row), token }, 201);
  })
  .openapi(list, async (c) => c.json({ tokens: (await listTokens(c.env.DB, c.var.user.id)).map(toToken) }, 200))
  .openapi(revoke, async (c) => {
    if (!(await revokeToken(c.env.DB, c.var.user.id, c.req.valid("param").id))) throw notFound("This token");
    return c.body(null, 204);
  });

const toToken = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});
