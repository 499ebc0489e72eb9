// @ts-check
// Runs inside each app's isolate: gives the app an R2-shaped `env.STORAGE` backed by an RPC
// stub that the platform scopes to this app's own prefix. Only the commonly used surface of
// R2Bucket is offered; anything else throws a clear error.

class R2Object {
  /** @param {any} meta */
  constructor(meta) {
    this.key = meta.key;
    this.version = meta.version;
    this.size = meta.size;
    this.etag = meta.etag;
    this.httpEtag = meta.httpEtag;
    this.uploaded = new Date(meta.uploaded);
    this.httpMetadata = meta.httpMetadata ?? {};
    this.customMetadata = meta.customMetadata ?? {};
    this.checksums = meta.checksums ?? {};
    this.storageClass = meta.storageClass ?? "Standard";
  }
  /** @param {Headers} headers */
  writeHttpMetadata(headers) {
    const m = this.httpMetadata;
    if (m.contentType) headers.set("content-type", m.contentType);
    if (m.contentLanguage) headers.set("content-language", m.contentLanguage);
    if (m.contentDisposition) headers.set("content-disposition", m.contentDisposition);
    if (m.contentEncoding) headers.set("content-encoding", m.contentEncoding);
    if (m.cacheControl) headers.set("cache-control", m.cacheControl);
  }
}

class R2ObjectBody extends R2Object {
  /** @param {any} meta @param {ArrayBuffer} bytes */
  constructor(meta, bytes) {
    super(meta);
    this.bytes = bytes;
    this.bodyUsed = false;
  }
  get body() {
    const bytes = this.bytes;
    return new ReadableStream({ start(c) { c.enqueue(new Uint8Array(bytes)); c.close(); } });
  }
  async arrayBuffer() { return this.bytes; }
  async bytes_() { return new Uint8Array(this.bytes); }
  async text() { return new TextDecoder().decode(this.bytes); }
  async json() { return JSON.parse(await this.text()); }
  async blob() { return new Blob([this.bytes], { type: this.httpMetadata.contentType ?? "" }); }
}

/** @param {unknown} value */
async function toBytes(value) {
  if (value === null || value === undefined) return new ArrayBuffer(0);
  if (typeof value === "string") return new TextEncoder().encode(value).buffer;
  if (value instanceof ArrayBuffer) return value;
  if (ArrayBuffer.isView(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  if (value instanceof Blob) return value.arrayBuffer();
  if (value instanceof ReadableStream) return new Response(value).arrayBuffer();
  throw new TypeError("STORAGE.put: value must be a string, ArrayBuffer, ArrayBufferView, Blob or ReadableStream");
}

export class R2Bucket {
  /** @param {any} rpc */
  constructor(rpc) { this.rpc = rpc; }
  /** @param {string} key */
  async head(key) {
    const meta = await this.rpc.head(key);
    return meta ? new R2Object(meta) : null;
  }
  /** @param {string} key @param {any} [options] */
  async get(key, options) {
    const found = await this.rpc.get(key, options ? { range: options.range } : undefined);
    return found ? new R2ObjectBody(found.meta, found.bytes) : null;
  }
  /** @param {string} key @param {unknown} value @param {any} [options] */
  async put(key, value, options) {
    const bytes = await toBytes(value);
    const meta = await this.rpc.put(key, bytes, options ? { httpMetadata: options.httpMetadata, customMetadata: options.customMetadata } : undefined);
    return new R2Object(meta);
  }
  /** @param {string | string[]} keys */
  async delete(keys) { await this.rpc.delete(keys); }
  /** @param {any} [options] */
  async list(options) {
    const res = await this.rpc.list(options);
    return { ...res, objects: res.objects.map((/** @type {any} */ m) => new R2Object(m)) };
  }
  createMultipartUpload() { throw new Error("STORAGE: multipart uploads are not available to Kiln apps; put() objects up to 100 MB instead."); }
  resumeMultipartUpload() { return this.createMultipartUpload(); }
}
