// Runs only the Node-side scaffold tests: `npx vitest run --config test/scaffold/vitest.config.ts`.
// The same entry belongs in the root vitest.config.ts as the "scaffold" project.
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: `${import.meta.dirname}/../..`,
  test: {
    projects: [
      {
        test: {
          name: "scaffold",
          include: ["test/scaffold/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
