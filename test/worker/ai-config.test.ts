// Model configuration: env defaults, per-user overrides, and keys encrypted at rest.
import { describe, expect, it } from "vitest";
import {
  baseURLProblem,
  decryptSecret,
  describeModelConfig,
  encryptSecret,
  platformModelConfig,
  resolveModelConfig,
} from "../../src/ai/config";
import { connectModel, createLanguageModel, DEFAULT_MODEL, outputTokenBudget } from "../../src/ai/providers";
import { call, signUp } from "./helpers";

const SECRET = "test-only-secret-that-is-at-least-32-characters";

describe("platformModelConfig", () => {
  it("is offline when nothing is configured (a fresh clone)", () => {
    expect(platformModelConfig({})).toBeNull();
    expect(createLanguageModel(null)).toBeNull();
  });

  it("uses Workers AI with GLM-4.7-flash when Cloudflare credentials are set", () => {
    expect(platformModelConfig({ CLOUDFLARE_ACCOUNT_ID: "acct", CLOUDFLARE_API_TOKEN: "tok" })).toEqual({
      provider: "workers-ai",
      model: DEFAULT_MODEL,
      accountId: "acct",
      apiToken: "tok",
    });
  });

  it("uses an OpenAI-compatible endpoint when only AI_BASE_URL is set", () => {
    expect(
      platformModelConfig({
        AI_BASE_URL: "http://localhost:11434/v1",
        AI_MODEL: "qwen3:30b",
        AI_REASONING_EFFORT: "low",
      }),
    ).toEqual({
      provider: "openai-compatible",
      baseURL: "http://localhost:11434/v1",
      model: "qwen3:30b",
      reasoningEffort: "low",
    });
  });

  it("honours AI_PROVIDER, including offline, and rejects unknown ones", () => {
    expect(
      platformModelConfig({ AI_PROVIDER: "offline", CLOUDFLARE_ACCOUNT_ID: "a", CLOUDFLARE_API_TOKEN: "t" }),
    ).toBeNull();
    expect(
      platformModelConfig({ AI_PROVIDER: "anthropic", AI_API_KEY: "sk-ant", AI_MODEL: "claude-sonnet-4-5" }),
    ).toEqual({ provider: "anthropic", apiKey: "sk-ant", model: "claude-sonnet-4-5" });
    expect(() => platformModelConfig({ AI_PROVIDER: "openai" })).toThrow(/AI_PROVIDER must be one of/);
    expect(() => platformModelConfig({ AI_PROVIDER: "openai-compatible", AI_MODEL: "m" })).toThrow(/AI_BASE_URL/);
  });
});

describe("resolveModelConfig", () => {
  const env = {
    PLATFORM_JWT_SECRET: SECRET,
    AI_PROVIDER: "openai-compatible",
    AI_BASE_URL: "https://llm.internal/v1",
    AI_MODEL: "glm-4.7-flash",
    AI_API_KEY: "platform-key",
  };

  it("falls back to the platform default", async () => {
    expect(await resolveModelConfig(env, null)).toMatchObject({
      source: "platform",
      config: { apiKey: "platform-key" },
    });
    expect(await resolveModelConfig({}, null)).toEqual({ config: null, source: "offline" });
  });

  it("uses the user's own encrypted key and model", async () => {
    const encryptedKey = await encryptSecret("sk-or-user", SECRET, "user-1");
    const r = await resolveModelConfig(
      env,
      {
        provider: "openai-compatible",
        baseURL: "https://openrouter.ai/api/v1",
        model: "z-ai/glm-4.7-flash",
        encryptedKey,
      },
      "user-1",
    );
    expect(r).toEqual({
      source: "user",
      config: {
        provider: "openai-compatible",
        baseURL: "https://openrouter.ai/api/v1",
        model: "z-ai/glm-4.7-flash",
        apiKey: "sk-or-user",
      },
    });
  });

  it("never sends the platform key to a URL the user chose", async () => {
    const r = await resolveModelConfig(env, {
      provider: "openai-compatible",
      baseURL: "https://evil.example/v1",
      model: "m",
    });
    expect(r.config).toEqual({ provider: "openai-compatible", baseURL: "https://evil.example/v1", model: "m" });
    const same = await resolveModelConfig(env, {
      provider: "openai-compatible",
      baseURL: "https://llm.internal/v1/",
      model: "other",
    });
    expect(same.config).toMatchObject({ apiKey: "platform-key", model: "other" });
  });

  it("lets a user pick another Workers AI model on the platform's credentials, or go offline", async () => {
    const cf = { CLOUDFLARE_ACCOUNT_ID: "acct", CLOUDFLARE_API_TOKEN: "tok" };
    expect(
      (await resolveModelConfig(cf, { provider: "workers-ai", model: "@cf/qwen/qwen3-30b-a3b-fp8" })).config,
    ).toEqual({
      provider: "workers-ai",
      model: "@cf/qwen/qwen3-30b-a3b-fp8",
      accountId: "acct",
      apiToken: "tok",
    });
    expect(await resolveModelConfig(cf, { provider: "offline" })).toEqual({ config: null, source: "offline" });
  });

  it("describes a config without its secrets", async () => {
    const d = describeModelConfig({ provider: "anthropic", apiKey: "sk-ant-secret", model: "claude-sonnet-4-5" });
    expect(d).toEqual({ provider: "anthropic", model: "claude-sonnet-4-5", hasKey: true });
    expect(JSON.stringify(d)).not.toContain("sk-ant-secret");
  });
});

describe("a model's base URL", () => {
  const refused = [
    "file:///etc/passwd",
    "data:text/plain,hello",
    "javascript:alert(1)",
    "ftp://models.example/v1",
    "ws://localhost:11434/v1",
    "https://user:secret@llm.example/v1",
    "http://:pw@localhost:11434/v1",
    "localhost:11434/v1",
    "not a url",
  ];
  const allowed = [
    "http://localhost:11434/v1",
    "http://127.0.0.1:8000/v1",
    "http://[::1]:8000/v1",
    "http://ollama.localhost:11434/v1",
    "https://openrouter.ai/api/v1",
  ];

  it("is http(s) without credentials; loopback stays allowed for Ollama and vLLM", () => {
    for (const url of allowed) expect(baseURLProblem(url), url).toBeNull();
    for (const url of refused) expect(baseURLProblem(url), url).toMatch(/http|user name|URL/);
    expect(baseURLProblem("file:///etc/passwd")).toContain("not file:");
    expect(baseURLProblem("https://user:secret@llm.example/v1")).toContain("apiKey");
  });

  it("is refused with a 400 by the settings API, and a stored bad one is never fetched", async () => {
    const { token } = await signUp();
    for (const baseURL of refused) {
      const res = await call("PUT", "/api/settings/ai", {
        token,
        body: { provider: "openai-compatible", model: "llama3", baseURL },
      });
      expect(res.status, baseURL).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.message).toMatch(/^The request is not valid\. baseURL: /);
    }
    const local = await call("PUT", "/api/settings/ai", {
      token,
      body: { provider: "openai-compatible", model: "llama3", baseURL: "http://localhost:11434/v1" },
    });
    expect([local.status, local.json.settings.baseURL]).toEqual([200, "http://localhost:11434/v1"]);
    // Settings saved before the check existed fail plainly instead of being fetched.
    await expect(
      resolveModelConfig({}, { provider: "openai-compatible", model: "m", baseURL: "file:///etc/passwd" }),
    ).rejects.toThrow(/base URL must be an http/);
    await expect(
      resolveModelConfig({}, { provider: "anthropic", baseURL: "https://k:v@api.example", encryptedKey: null }),
    ).rejects.toThrow(/user name or password/);
  });
});

describe("the providers (one record each)", () => {
  it("are what the settings API accepts and what its form offers, each with its own checks", async () => {
    const { token } = await signUp();
    const answer = await call("GET", "/api/settings/ai", { token });
    expect(answer.json.providers).toEqual([
      { id: "workers-ai", label: "Workers AI", modelPlaceholder: "e.g. glm-4.7-flash", baseURL: false },
      {
        id: "openai-compatible",
        label: "OpenAI-compatible (Ollama, LM Studio, vLLM…)",
        modelPlaceholder: "e.g. glm-4.7-flash",
        baseURL: true,
      },
      { id: "anthropic", label: "Anthropic", modelPlaceholder: "claude-sonnet-4-5", baseURL: false },
    ]);
    const unknown = await call("PUT", "/api/settings/ai", { token, body: { provider: "openai" } });
    expect([unknown.status, unknown.json.error.message]).toEqual([
      400,
      expect.stringContaining("provider: offline, workers-ai, openai-compatible or anthropic"),
    ]);
    const noModel = await call("PUT", "/api/settings/ai", {
      token,
      body: { provider: "openai-compatible", baseURL: "http://localhost:11434/v1" },
    });
    expect([noModel.status, noModel.json.error.message]).toEqual([
      400,
      "An OpenAI-compatible provider needs baseURL and model.",
    ]);
    for (const provider of ["workers-ai", "anthropic"]) {
      const saved = await call("PUT", "/api/settings/ai", { token, body: { provider, model: "m" } });
      expect([saved.status, saved.json.settings.provider]).toEqual([200, provider]);
    }
  });
});

describe("encryptSecret / decryptSecret", () => {
  const key = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz";

  it("round-trips, and the ciphertext never contains the key", async () => {
    const stored = await encryptSecret(key, SECRET);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(btoa(key).slice(0, 20));
    expect(await decryptSecret(stored, SECRET)).toBe(key);
  });

  it("uses a fresh IV every time", async () => {
    expect(await encryptSecret(key, SECRET)).not.toBe(await encryptSecret(key, SECRET));
  });

  it("fails with another platform secret, another owner, or a tampered value", async () => {
    const stored = await encryptSecret(key, SECRET, "user-1");
    await expect(decryptSecret(stored, "another-secret-that-is-at-least-32-characters", "user-1")).rejects.toThrow(
      /cannot be decrypted/,
    );
    await expect(decryptSecret(stored, SECRET, "user-2")).rejects.toThrow(/cannot be decrypted/);
    const flipped = stored.slice(0, -2) + (stored.at(-2) === "A" ? "B" : "A") + stored.at(-1);
    await expect(decryptSecret(flipped, SECRET, "user-1")).rejects.toThrow(/cannot be decrypted/);
    await expect(decryptSecret("plain-text-key", SECRET)).rejects.toThrow(/Not an encrypted secret/);
    expect(await decryptSecret(stored, SECRET, "user-1")).toBe(key);
  });
});

describe("connectModel", () => {
  it("returns the model with its per-call options, or null offline", () => {
    expect(connectModel(null)).toBeNull();
    const h = connectModel({ provider: "workers-ai", accountId: "a", apiToken: "t", reasoningEffort: "low" })!;
    expect(h.model.modelId).toBe(DEFAULT_MODEL);
    expect(h.providerOptions).toEqual({ "workers-ai": { reasoning_effort: "low" } });
    expect(connectModel({ provider: "anthropic", apiKey: "k", model: "claude-sonnet-4-5" })!.providerOptions).toEqual(
      {},
    );
  });
});

describe("output token budget", () => {
  it("gives reasoning models headroom and caps to the context window", () => {
    expect(outputTokenBudget("@cf/zai-org/glm-4.7-flash", 8192)).toBe(8192 + 4096);
    expect(outputTokenBudget("@cf/zai-org/glm-4.7-flash", 16_384)).toBe(16_384 + 8192);
    expect(outputTokenBudget("claude-sonnet-4-5", 8192)).toBe(8192);
    expect(outputTokenBudget("@cf/zai-org/glm-4.7-flash", 16_384, 120_000)).toBe(131_072 - 120_000 - 256);
  });
});
