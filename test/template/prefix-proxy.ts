import { createServer, type Server } from "node:http";
import { freePort } from "../e2e/kiln-server";

/**
 * Serves an app under a path prefix the way Kiln's dispatcher does (src/hosting/serving/dispatcher.ts):
 * `/apps/<id>/…` is forwarded to the app with the prefix stripped, and HTML answers get
 * `<base href="/apps/<id>/">` as the first thing in <head>. Anything outside the prefix is a 404,
 * so a page that loads something against "/" instead of its base shows up as a failed request.
 */
export interface PrefixProxy {
  /** The app's URL under the prefix, with a trailing slash: http://127.0.0.1:<port>/apps/<id>/ */
  url: string;
  prefix: string;
  stop(): Promise<void>;
}

export async function startPrefixProxy(target: string, prefix = "/apps/test-app"): Promise<PrefixProxy> {
  const targetUrl = new URL(target);
  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? "/";
    if (path === prefix) {
      res.writeHead(308, { location: `${prefix}/` }).end();
      return;
    }
    if (!path.startsWith(`${prefix}/`)) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`Outside the app's prefix: ${path}`);
      return;
    }
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string" && key !== "host" && key !== "connection") headers.set(key, value);
      }
      const upstream = await fetch(new URL(path.slice(prefix.length), targetUrl), {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
        redirect: "manual",
      });
      const outHeaders: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        // fetch() has already decoded the body.
        if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(key))
          outHeaders[key] = value;
      });
      const location = upstream.headers.get("location");
      if (location?.startsWith("/")) outHeaders.location = prefix + location;
      let body = Buffer.from(await upstream.arrayBuffer());
      if ((upstream.headers.get("content-type") ?? "").includes("text/html")) {
        body = Buffer.from(body.toString("utf8").replace(/<head[^>]*>/i, (head) => `${head}<base href="${prefix}/">`));
      }
      res.writeHead(upstream.status, outHeaders).end(body);
    } catch (err) {
      res.writeHead(502, { "content-type": "text/plain" }).end(String(err));
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}${prefix}/`,
    prefix,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
