// Each provider against recorded HTTP responses in its real wire format (through the injected
// fetch): the request Kiln sends, and the text / usage / finish reason it reads back.
import { describe, expect, it } from "vitest";
import { generate, GenerateError } from "../../src/ai/generate";
import { createLanguageModel, providerOptionsFor, type ModelConfig } from "../../src/ai/providers";
import anthropicSse from "../fixtures/transcripts/wire/anthropic-messages.sse?raw";
import openaiGlmSse from "../fixtures/transcripts/wire/openai-compatible-glm.sse?raw";
import openaiLengthSse from "../fixtures/transcripts/wire/openai-compatible-length.sse?raw";
import workersError429 from "../fixtures/transcripts/wire/workers-ai-error-429.json?raw";
import workersLegacySse from "../fixtures/transcripts/wire/workers-ai-run-legacy.sse?raw";
import workersOpenAiSse from "../fixtures/transcripts/wire/workers-ai-run-openai-chunks.sse?raw";

const ANSWER =
  '<kiln-write path="src/pages/NotesPage.tsx">\nexport function NotesPage() {\n  return <h1 className="text-xl">Notes</h1>;\n}\n</kiln-write>\n\nAdded a Notes page.';

interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A fetch that answers from a queue of recorded responses and records every request. */
function recordedFetch(...responses: (() => Response)[]) {
  const requests: Recorded[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    requests.push({
      url: req.url,
      method: req.method,
      headers: Object.fromEntries(req.headers),
      body: JSON.parse(await req.text()),
    });
    const next = responses.shift();
    if (!next) throw new Error("no recorded response left");
    return next();
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

const sse =
  (body: string, status = 200) =>
  () =>
    new Response(body, { status, headers: { "content-type": "text/event-stream" } });
const json =
  (body: string, status: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(body, { status, headers: { "content-type": "application/json", ...headers } });

const prompt = {
  system: "You are Kiln's coding model.",
  messages: [{ role: "user" as const, content: "Add a notes page." }],
};

describe("OpenAI-compatible (vLLM / Ollama / OpenRouter / z.ai serving GLM)", () => {
  const config: ModelConfig = {
    provider: "openai-compatible",
    baseURL: "http://vllm.local:8000/v1/",
    apiKey: "sk-local",
    model: "zai-org/GLM-4.7-Flash",
    reasoningEffort: "low",
  };

  it("streams chat.completions: content only, reasoning_content kept out, usage with reasoning tokens", async () => {
    const { fetch, requests } = recordedFetch(sse(openaiGlmSse));
    const deltas: string[] = [];
    const reasoning: string[] = [];
    const r = await generate({
      model: createLanguageModel(config, { fetch })!,
      ...prompt,
      phase: "write",
      maxOutputTokens: 1000,
      providerOptions: providerOptionsFor(config),
      onText: (d) => deltas.push(d),
      onReasoning: (d) => reasoning.push(d),
    });

    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.url).toBe("http://vllm.local:8000/v1/chat/completions");
    expect(req.method).toBe("POST");
    expect(req.headers.authorization).toBe("Bearer sk-local");
    expect(req.body).toEqual({
      model: "zai-org/GLM-4.7-Flash",
      messages: [
        { role: "system", content: "You are Kiln's coding model." },
        { role: "user", content: "Add a notes page." },
      ],
      max_tokens: 1000 + 4096, // reasoning headroom
      reasoning_effort: "low",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(JSON.stringify(req.body)).not.toContain("kiln-replay");

    expect(r.text).toBe(ANSWER);
    expect(deltas.join("")).toBe(ANSWER);
    expect(deltas.length).toBe(6);
    expect(reasoning.join("")).toBe("The user wants a notes page. One small file, write it whole.");
    expect(r.text).not.toContain("The user wants");
    expect(r.finishReason).toBe("stop");
    expect(r.truncated).toBe(false);
    expect(r.usage).toEqual({ inputTokens: 412, outputTokens: 96, reasoningTokens: 41 });
    expect(r.attempts).toBe(1);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports finish_reason length as truncation", async () => {
    const { fetch } = recordedFetch(sse(openaiLengthSse));
    const r = await generate({ model: createLanguageModel(config, { fetch })!, ...prompt });
    expect(r).toMatchObject({
      finishReason: "length",
      truncated: true,
      text: '<kiln-write path="src/pages/NotesPage.tsx">\nexport function NotesPage() {\n',
      usage: { inputTokens: 412, outputTokens: 64 },
    });
  });

  it("retries a 503 with backoff, then succeeds", async () => {
    const { fetch, requests } = recordedFetch(json('{"error":{"message":"overloaded"}}', 503), sse(openaiGlmSse));
    const waits: number[] = [];
    const r = await generate({
      model: createLanguageModel(config, { fetch })!,
      ...prompt,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(requests).toHaveLength(2);
    expect(waits).toEqual([1000]);
    expect(r).toMatchObject({ text: ANSWER, attempts: 2 });
  });

  it("does not retry a 401, and says why", async () => {
    const { fetch, requests } = recordedFetch(json('{"error":{"message":"invalid api key"}}', 401));
    const err = await generate({
      model: createLanguageModel(config, { fetch })!,
      ...prompt,
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenerateError);
    expect(err).toMatchObject({ kind: "fatal", status: 401, attempts: 1 });
    expect(requests).toHaveLength(1);
  });
});

describe("Workers AI over REST (/ai/run)", () => {
  const config: ModelConfig = {
    provider: "workers-ai",
    accountId: "acct123",
    apiToken: "cf-token",
    reasoningEffort: "low",
  };

  it("sends the native request and parses OpenAI-shaped SSE chunks (reasoning_content apart)", async () => {
    const { fetch, requests } = recordedFetch(sse(workersOpenAiSse));
    const r = await generate({
      model: createLanguageModel(config, { fetch })!,
      ...prompt,
      phase: "plan",
      maxOutputTokens: 2048,
      providerOptions: providerOptionsFor(config),
    });
    const req = requests[0]!;
    expect(req.url).toBe("https://api.cloudflare.com/client/v4/accounts/acct123/ai/run/@cf/zai-org/glm-4.7-flash");
    expect(req.headers.authorization).toBe("Bearer cf-token");
    expect(req.body).toEqual({
      messages: [
        { role: "system", content: "You are Kiln's coding model." },
        { role: "user", content: "Add a notes page." },
      ],
      max_tokens: 2048 + 4096,
      reasoning_effort: "low",
      stream: true,
    });
    expect(req.body).not.toHaveProperty("response_format"); // JSON mode does not stream on Workers AI
    expect(r.text).toBe(ANSWER);
    expect(r.finishReason).toBe("stop");
    // Workers AI does not report reasoning tokens: estimated from the reasoning text.
    expect(r.usage).toEqual({
      inputTokens: 398,
      outputTokens: 101,
      reasoningTokens: 18,
      reasoningTokensEstimated: true,
    });
    expect(r.reasoningChars).toBe(60);
  });

  it("parses the legacy { response } chunk shape", async () => {
    const { fetch } = recordedFetch(sse(workersLegacySse));
    const r = await generate({ model: createLanguageModel(config, { fetch })!, ...prompt });
    expect(r).toMatchObject({ text: ANSWER, finishReason: "stop", usage: { inputTokens: 398, outputTokens: 58 } });
    expect(r.usage.reasoningTokens).toBeUndefined();
  });

  it("retries the 429 error envelope (3040, capacity) honouring Retry-After, bounded", async () => {
    const { fetch, requests } = recordedFetch(
      json(workersError429, 429, { "retry-after": "3" }),
      sse(workersOpenAiSse),
    );
    const waits: number[] = [];
    const r = await generate({
      model: createLanguageModel(config, { fetch })!,
      ...prompt,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(waits).toEqual([3000]);
    expect(requests).toHaveLength(2);
    expect(r.attempts).toBe(2);

    const always = recordedFetch(...Array.from({ length: 5 }, () => json(workersError429, 429)));
    const waits2: number[] = [];
    const err = await generate({
      model: createLanguageModel(config, { fetch: always.fetch })!,
      ...prompt,
      retries: 2,
      sleep: async (ms) => void waits2.push(ms),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "transient", status: 429, attempts: 3 });
    expect((err as Error).message).toContain("Capacity temporarily exceeded");
    expect(waits2).toEqual([1000, 2000]);
    expect(always.requests).toHaveLength(3);
  });

  it("requires the binding or account id + token", () => {
    expect(() => createLanguageModel({ provider: "workers-ai" })).toThrow(/CLOUDFLARE_ACCOUNT_ID/);
  });
});

describe("Workers AI through the AI binding", () => {
  it("calls binding.run with the same inputs and reads its stream", async () => {
    const runs: { model: string; inputs: Record<string, unknown> }[] = [];
    const ai = {
      run: async (model: string, inputs: Record<string, unknown>) => {
        runs.push({ model, inputs });
        return new Response(workersLegacySse).body!;
      },
    } as unknown as Ai;
    const r = await generate({
      model: createLanguageModel({ provider: "workers-ai" }, { ai })!,
      ...prompt,
      maxOutputTokens: 100,
    });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.model).toBe("@cf/zai-org/glm-4.7-flash");
    expect(runs[0]!.inputs).toMatchObject({
      stream: true,
      max_tokens: 100 + 4096,
      messages: [{ role: "system" }, { role: "user", content: "Add a notes page." }],
    });
    expect(r.text).toBe(ANSWER);
  });
});

describe("Anthropic Messages", () => {
  it("sends a Messages request and parses content_block_delta events", async () => {
    const { fetch, requests } = recordedFetch(sse(anthropicSse));
    const config: ModelConfig = { provider: "anthropic", apiKey: "sk-ant-test", model: "claude-sonnet-4-5" };
    const r = await generate({
      model: createLanguageModel(config, { fetch })!,
      ...prompt,
      maxOutputTokens: 4000,
      phase: "write",
    });
    const req = requests[0]!;
    expect(req.url).toBe("https://api.anthropic.com/v1/messages");
    expect(req.headers["x-api-key"]).toBe("sk-ant-test");
    expect(req.headers["anthropic-version"]).toBeTruthy();
    expect(req.body).toMatchObject({
      model: "claude-sonnet-4-5",
      max_tokens: 4000,
      stream: true,
      system: [{ type: "text", text: "You are Kiln's coding model." }],
      messages: [{ role: "user", content: [{ type: "text", text: "Add a notes page." }] }],
    });
    expect(r).toMatchObject({ text: ANSWER, finishReason: "stop", usage: { inputTokens: 420, outputTokens: 57 } });
  });
});

describe("aborting", () => {
  it("stops mid-stream with an aborted GenerateError holding the partial text", async () => {
    const controller = new AbortController();
    const { fetch } = recordedFetch(sse(openaiGlmSse));
    const model = createLanguageModel(
      { provider: "openai-compatible", baseURL: "http://x/v1", model: "m" },
      { fetch },
    )!;
    let seen = "";
    const err = await generate({
      model,
      ...prompt,
      signal: controller.signal,
      onText: (d) => {
        seen += d;
        if (seen.length > 40) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenerateError);
    expect(err).toMatchObject({ kind: "aborted" });
    expect((err as GenerateError).partialText.length).toBeGreaterThan(0);
    expect((err as GenerateError).partialText.length).toBeLessThan(ANSWER.length);
  });
});
