import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two kinds of tests: `worker` runs inside workerd with the platform's real local bindings
// (D1, R2, KV, Durable Objects); `e2e` drives Debian's Chromium against a Kiln it starts itself.
/**
 * expect.poll's wait in the tests that drive a browser or a server process. Vitest's default (1 s)
 * is less than an answer can take on a busy machine (CI runs the worker tests beside these); the
 * e2e tests' other waits use the same figure (KILN_WAIT_MS in test/e2e/browser.ts).
 */
const poll = { timeout: 45_000, interval: 100 };

export default defineConfig({
  test: {
    // Two files at once (vitest's default on 2 cores is one): most test time is spent waiting on
    // workerd, Kiln and Chromium, and the e2e, template and scaffold projects still run their own
    // files one at a time.
    maxWorkers: 2,
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              // A stand-in internet for outbound fetches (there is no network here): a public page,
              // and a redirector that sends a request wherever ?to= says.
              outboundService: (request: Request) => {
                const url = new URL(request.url);
                if (url.hostname === "public.example") return new Response("a public page");
                if (url.hostname === "redirect.example")
                  return new Response(null, { status: 302, headers: { location: url.searchParams.get("to") ?? "/" } });
                return new Response(`No network in tests: ${url.hostname} is not reachable.`, { status: 502 });
              },
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("migrations"),
                PLATFORM_JWT_SECRET: "test-only-secret-that-is-at-least-32-characters",
                BUILD_API_SECRET: "test-build-api-secret",
                ALLOW_REPLAY_PROVIDER: "true",
                // Each test builds what it needs; a warm-up build left running would outlive the test.
                BUILDER_WARMUP: "off",
              },
            },
          })),
        ],
        test: {
          name: "worker",
          // One workerd for all the files a vitest worker runs, not one per file: its start (~2.7 s)
          // and the builder's cold start (esbuild.wasm, the type-checker's TypeScript libs; 8-18 s)
          // are paid once per worker instead of in every file that builds. Files share the
          // platform's storage, so each test makes its own users and projects and never counts
          // what it did not make (measured on 2 cores: 437 s for the worker tests, against 988 s isolated).
          isolate: false,
          testTimeout: 60_000,
          include: ["test/worker/**/*.test.ts"],
          // The app builder's tests read app sources (index.css included) as raw text; vitest
          // otherwise replaces every CSS import with an empty string.
          css: { include: [/\/(test\/fixtures\/build|templates|dist\/samples)\//] },
          setupFiles: ["test/worker/setup.ts"],
        },
      },
      {
        // The app template and the sample app, built and run outside Kiln with vite and wrangler.
        test: {
          name: "template",
          expect: { poll },
          include: ["test/template/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // The offline planner's ten apps and a plan with every column kind, scaffolded and run outside Kiln (vite build + wrangler dev).
        test: {
          name: "scaffold",
          expect: { poll },
          include: ["test/scaffold/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // The production path without an account: config checks and the dry run of `npm run deploy`.
        test: {
          name: "cloudflare",
          include: ["test/cloudflare/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          expect: { poll },
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file starts its own Kiln and browser; one file at a time.
          fileParallelism: false,
          // A failing test prints the end of Kiln's log.
          setupFiles: ["test/e2e/setup.ts"],
        },
      },
    ],
  },
});
