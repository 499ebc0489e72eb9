// Re-checks of one app in the type-checker's isolate (src/builder/typecheck-worker.ts): a part of
// the app none of whose files changed is answered from its last check, without a program, and must
// still say what it said; an edit anywhere it reads is checked again.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { typecheck } from "../../src/builder/typecheck";
import { templateApp } from "../fixtures/build/files";

const template = templateApp();
const workerFile = Object.keys(template).find((p) => /^worker\/.*\.ts$/.test(p) && !/auth|password/.test(p))!;
const pageFile = Object.keys(template).find((p) => /^src\/pages\/.*\.tsx$/.test(p))!;
const found = async (files: Record<string, string>, key: string) =>
  (await typecheck(env.LOADER, files, key)).diagnostics.map((d) => `${d.file} ${d.code}`).sort();

describe("re-checking an app", () => {
  it("keeps reporting an unchanged part's errors, and re-checks a part once its files change", async () => {
    const key = `recheck-${crypto.randomUUID()}`;
    const workerError = { ...template, [workerFile]: `${template[workerFile]}\nexport const wrong: string = 1;\n` };
    expect(await found(workerError, key)).toEqual([`${workerFile} TS2322`]);
    // A page edited (client only): the worker is not checked again, and its error is still there.
    const pageEdited = { ...workerError, [pageFile]: `${template[pageFile]}\nexport const edited = 1;\n` };
    expect(await found(pageEdited, key)).toEqual([`${workerFile} TS2322`]);
    // A client error on top, the worker unchanged: both.
    const both = { ...pageEdited, [pageFile]: `${template[pageFile]}\nexport const edited: number = "1";\n` };
    expect(await found(both, key)).toEqual([`${pageFile} TS2322`, `${workerFile} TS2322`].sort());
    // The worker fixed: its error goes, the page's stays.
    expect(await found({ ...both, [workerFile]: template[workerFile]! }, key)).toEqual([`${pageFile} TS2322`]);
    // A new file the worker could read changes the app's file list: checked again, still right.
    const added = {
      ...both,
      [workerFile]: template[workerFile]!,
      "worker/extra.ts": "export const n: number = 'x';\n",
    };
    expect(await found(added, key)).toEqual([`${pageFile} TS2322`, "worker/extra.ts TS2322"].sort());
  });
});

describe("checks asked for at once", () => {
  // Two programs at once would not fit the checker's isolate on Cloudflare (128 MB): checks asked
  // for together run one after the other, each answering its own app, whoever asked first.
  it("run one at a time, and answer each app with its own diagnostics", async () => {
    const clientError = { ...template, [pageFile]: `${template[pageFile]}\nexport const a: number = "1";\n` };
    const workerError = { ...template, [workerFile]: `${template[workerFile]}\nexport const b: string = 1;\n` };
    const checks = await Promise.all(
      [clientError, workerError, template].map((files, i) =>
        typecheck(env.LOADER, files, `together-${i}-${crypto.randomUUID()}`),
      ),
    );
    const [client, worker, clean] = checks.map((c) => c.diagnostics.map((d) => `${d.file} ${d.code}`).sort());
    expect(client).toEqual([`${pageFile} TS2322`]);
    expect(worker).toEqual([`${workerFile} TS2322`]);
    expect(clean).toEqual([]);
    // Each ran in the checker without overlapping another, and the later ones said they waited.
    const ran = checks.map((c) => c.ran!).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ran.length; i++) expect(ran[i]![0], JSON.stringify(ran)).toBeGreaterThanOrEqual(ran[i - 1]![1]);
    expect(checks.filter((c) => c.timings.waitedForChecker! > 0).length).toBe(2);
  });
});
