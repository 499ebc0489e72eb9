// Rotating PLATFORM_JWT_SECRET: secrets sealed under the old one (users' model keys, apps' secret
// variables) become unreadable, unless the old one stays as PLATFORM_JWT_SECRET_PREVIOUS.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encryptSecret, resolveModelConfig } from "../../src/ai/config";
import { SecretBoxError, openSecret, openingKeys, sealSecret } from "../../src/security/secret-box";
import { appSecrets, sealAppSecret, writeAppEnv } from "../../src/store/app-secrets";
import { call, signUp } from "./helpers";

const OLD = "the-platform-secret-before-the-rotation-0123456789";
const NEW = "the-platform-secret-after-the-rotation-9876543210";

describe("PLATFORM_JWT_SECRET_PREVIOUS", () => {
  it("opens what the previous secret sealed; the new secret alone cannot, and new seals use the new one", async () => {
    const sealed = await sealSecret("sk-old", OLD, "a purpose", "owner-1");
    await expect(openSecret(sealed, NEW, "a purpose", "owner-1")).rejects.toBeInstanceOf(SecretBoxError);
    const keys = openingKeys({ PLATFORM_JWT_SECRET: NEW, PLATFORM_JWT_SECRET_PREVIOUS: OLD });
    expect(keys).toEqual([NEW, OLD]);
    expect(await openSecret(sealed, keys, "a purpose", "owner-1")).toBe("sk-old");
    // Still bound to its owner and purpose, whichever key opens it.
    await expect(openSecret(sealed, keys, "a purpose", "owner-2")).rejects.toThrow(/cannot be opened/);
    await expect(openSecret(sealed, keys, "another purpose", "owner-1")).rejects.toThrow(/cannot be opened/);
    const fresh = await sealSecret("sk-new", NEW, "a purpose");
    expect(await openSecret(fresh, [NEW], "a purpose")).toBe("sk-new");
    expect(openingKeys({ PLATFORM_JWT_SECRET: NEW })).toEqual([NEW]);
  });

  it("keeps a user's model key readable after the rotation", async () => {
    const user = {
      provider: "openai-compatible" as const,
      model: "some-model",
      baseURL: "https://llm.example/v1",
      encryptedKey: await encryptSecret("sk-user-key", OLD, "user-1"),
    };
    await expect(resolveModelConfig({ PLATFORM_JWT_SECRET: NEW }, user, "user-1")).rejects.toThrow(
      /cannot be decrypted \(was PLATFORM_JWT_SECRET changed\?\)/,
    );
    const resolved = await resolveModelConfig(
      { PLATFORM_JWT_SECRET: NEW, PLATFORM_JWT_SECRET_PREVIOUS: OLD },
      user,
      "user-1",
    );
    expect(resolved.config).toMatchObject({ provider: "openai-compatible", apiKey: "sk-user-key" });
  });

  it("keeps an app's secret variables readable after the rotation", async () => {
    const { token } = await signUp();
    const { json } = await call("POST", "/api/projects", { token, body: { name: "Rotated" } });
    const projectId = json.project.id as string;
    await writeAppEnv(env.DB, projectId, "API_KEY", {
      value: await sealAppSecret("sk-app-key", OLD, projectId, "API_KEY"),
      secret: true,
    });
    await writeAppEnv(env.DB, projectId, "PLAIN", { value: "visible", secret: false });

    await expect(appSecrets(env.DB, projectId, openingKeys({ PLATFORM_JWT_SECRET: NEW }))).rejects.toBeInstanceOf(
      SecretBoxError,
    );
    const secrets = await appSecrets(
      env.DB,
      projectId,
      openingKeys({ PLATFORM_JWT_SECRET: NEW, PLATFORM_JWT_SECRET_PREVIOUS: OLD }),
    );
    expect(secrets).toMatchObject({ API_KEY: "sk-app-key", PLAIN: "visible" });
    expect(secrets.JWT_SECRET).toMatch(/^[0-9a-f]{64}$/);
  });
});
