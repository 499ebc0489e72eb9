import { afterAll, afterEach } from "vitest";
import { runningKilns } from "./kiln-server";

/**
 * When an end-to-end test fails, what Kiln printed meanwhile (workerd's errors, the sandbox
 * supervisor's stops, the apps' console) is the evidence of why: print the end of it with the
 * failure, so a failure seen once in CI can be diagnosed from its log alone.
 */
afterEach((context) => {
  if (context.task.result?.state !== "fail") return;
  for (const kiln of runningKilns) {
    const output = kiln.output();
    console.error(
      `--- the last of what Kiln on port ${kiln.port} printed (${output.length} characters in all) ---\n${output.slice(-6000)}\n--- end of Kiln's output ---`,
    );
  }
});

/** A Kiln whose test file never stopped it (its beforeAll failed before it could keep it, say) would load the machine for every file after: stop it with its file. */
afterAll(async () => {
  await Promise.all([...runningKilns].map((kiln) => kiln.stop()));
});
