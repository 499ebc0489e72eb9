/**
 * What the platform, the local sandbox supervisor (cli/sandbox) and the runner inside each
 * sandbox process say to each other over loopback HTTP: header names, and JSON that can carry
 * bytes (database rows and parameters hold blobs).
 */

/** Every internal request carries the secret the supervisor generated at start. */
export const SECRET_HEADER = "x-kiln-sandbox-secret";
/** Which project a request is for (one sandbox process serves one project). */
export const PROJECT_HEADER = "x-kiln-project";
/** Which isolate answers: a reference the runner resolves through the platform (see host.ts). */
export const WORKER_HEADER = "x-kiln-worker";
/** The URL the app sees (the request itself goes to the supervisor). */
export const URL_HEADER = "x-kiln-url";
/** CPU milliseconds the request may use before the supervisor stops the process. */
export const BUDGET_HEADER = "x-kiln-budget-ms";
/** Set by the supervisor on a request it ended: "cpu", "memory", "crashed" or "unavailable". */
export const STOPPED_HEADER = "x-kiln-stopped";
/** On a response of the sandbox whose app threw: the error message (URI-encoded). */
export const APP_ERROR_HEADER = "x-kiln-app-error";

export type StopReason = "cpu" | "memory" | "crashed" | "unavailable";

const BYTES = "$kiln.bytes";

/** JSON with ArrayBuffers and typed arrays as base64. */
export function toWire(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof ArrayBuffer) return { [BYTES]: toBase64(new Uint8Array(v)) };
    if (ArrayBuffer.isView(v)) return { [BYTES]: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    return v;
  });
}

export function fromWire<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v) =>
    v && typeof v === "object" && typeof v[BYTES] === "string" && Object.keys(v).length === 1
      ? fromBase64(v[BYTES]).buffer
      : v,
  ) as T;
}

export function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(out);
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
