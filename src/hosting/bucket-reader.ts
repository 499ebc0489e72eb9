import { ApiError } from "../errors";
import { sha256Hex } from "../security/hash";

/**
 * A deploy-API bucket (`{"<hash>": "<base64>", …}`) read from the request's stream one file at
 * a time. Parsed whole, a bucket sits in the isolate three times over (the body text, the parsed
 * strings, the decoded bytes) next to everything else, and Cloudflare stops an isolate past
 * 128 MB; read this way, what is held is one file's bytes and one chunk of the body.
 */

/** Largest bucket request: one file of the largest size (25 MiB, 33.4 MiB as base64) fits in one. */
export const BUCKET_MAX_BYTES = 40 * 1024 * 1024;
/** Files per bucket: each is one R2 write, and an invocation may make 1,000 subrequests. */
export const BUCKET_MAX_FILES = 500;

export interface BucketReaderOptions {
  maxBytes: number;
  maxFiles: number;
  /** The size the manifest declares for a hash this upload may carry; throws (4xx) for any other. */
  expect(hash: string): number;
  /** A file whose bytes match its hash and size, to store before the next one is read. */
  store(hash: string, bytes: Uint8Array): Promise<void>;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isBase64 = (c: number) =>
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x2b ||
  c === 0x2f ||
  c === 0x3d;
const ascii = new TextDecoder();
/** Base64 characters gathered before decoding them. */
const DECODE_CHUNK = 64 * 1024;

export function tooLarge(maxBytes: number, maxFiles: number) {
  return new ApiError(
    413,
    "bucket_too_large",
    `An upload bucket may carry at most ${maxBytes} bytes of JSON (${Math.round(maxBytes / 1024 / 1024)} MiB, base64 included) and ${maxFiles} files. Split the files into more buckets: the upload session's buckets already fit.`,
  );
}

const notJson = (what: string) =>
  new ApiError(400, "invalid_bucket", `The bucket must be a JSON object of {"<hash>": "<base64>"}: ${what}.`);

/** Reads, checks and stores the bucket file by file; answers how many files it stored. */
export async function readBucket(
  body: ReadableStream<Uint8Array> | null,
  options: BucketReaderOptions,
): Promise<number> {
  if (!body) throw notJson("the body is empty");
  type State = "start" | "key-or-end" | "key" | "colon" | "value-start" | "value" | "escape" | "comma-or-end" | "end";
  let state: State = "start";
  let key = "";
  let size = 0;
  let out = new Uint8Array(0);
  let written = 0;
  let pending = "";
  let files = 0;
  let read = 0;

  const flush = (final: boolean) => {
    const usable = final ? pending.length : pending.length - (pending.length % 4);
    if (usable === 0) return;
    let binary: string;
    try {
      binary = atob(pending.slice(0, usable));
    } catch {
      throw new ApiError(400, "invalid_base64", `The content for ${key} is not valid base64.`);
    }
    pending = pending.slice(usable);
    if (written + binary.length > size)
      throw new ApiError(400, "size_mismatch", `${key} is more than the ${size} bytes the manifest said.`);
    for (let i = 0; i < binary.length; i++) out[written++] = binary.charCodeAt(i);
  };
  const finishFile = async () => {
    flush(true);
    if (written !== size)
      throw new ApiError(400, "size_mismatch", `${key} is ${written} bytes but the manifest said ${size}.`);
    const actual = await sha256Hex(out);
    if (actual !== key)
      throw new ApiError(
        400,
        "hash_mismatch",
        `The content uploaded for ${key} hashes to ${actual}: the manifest's hash must be the SHA-256 of the file's bytes.`,
      );
    await options.store(key, out);
    out = new Uint8Array(0);
  };

  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.byteLength;
      if (read > options.maxBytes) throw tooLarge(options.maxBytes, options.maxFiles);
      for (let i = 0; i < value.length; i++) {
        const c = value[i]!;
        // (The "value" case moves i to the end of the base64 it takes.)
        switch (state) {
          case "start":
            if (isSpace(c)) break;
            if (c !== 0x7b) throw notJson("it does not start with {");
            state = "key-or-end";
            break;
          case "key-or-end":
          case "comma-or-end":
            if (isSpace(c)) break;
            if (c === 0x7d) state = "end";
            else if (state === "key-or-end" && c === QUOTE) ((state = "key"), (key = ""));
            else if (state === "comma-or-end" && c === 0x2c) state = "key-or-end";
            else throw notJson(`unexpected "${String.fromCharCode(c)}" between files`);
            break;
          case "key":
            if (c === QUOTE) state = "colon";
            else if (key.length > 64) throw notJson("a key is not a file's hash");
            else key += String.fromCharCode(c);
            break;
          case "colon":
            if (isSpace(c)) break;
            if (c !== 0x3a) throw notJson(`expected : after "${key}"`);
            state = "value-start";
            break;
          case "value-start":
            if (isSpace(c)) break;
            if (c !== QUOTE) throw notJson(`the value of ${key} must be the base64 of the file, as a string`);
            if (++files > options.maxFiles) throw tooLarge(options.maxBytes, options.maxFiles);
            size = options.expect(key);
            out = new Uint8Array(size);
            written = 0;
            pending = "";
            state = "value";
            break;
          case "value": {
            // The run of base64 from here, taken in one piece rather than character by character.
            let j = i;
            while (j < value.length && isBase64(value[j]!)) j++;
            if (j > i) {
              pending += ascii.decode(value.subarray(i, j));
              if (pending.length >= DECODE_CHUNK) flush(false);
            }
            i = j;
            if (j === value.length) break;
            const end = value[j]!;
            if (end === QUOTE) {
              await finishFile();
              state = "comma-or-end";
            } else if (end === BACKSLASH) state = "escape";
            else throw new ApiError(400, "invalid_base64", `The content for ${key} is not valid base64.`);
            break;
          }
          case "escape":
            // JSON may write "/" as "\/"; base64 has no other character that needs escaping.
            if (c !== 0x2f) throw new ApiError(400, "invalid_base64", `The content for ${key} is not valid base64.`);
            pending += "/";
            state = "value";
            break;
          case "end":
            if (!isSpace(c)) throw notJson("there is more after its closing }");
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (state !== "end") throw notJson("it ends before its closing }");
  return files;
}
