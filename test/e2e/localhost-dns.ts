import { lookup } from "node:dns";
import { Agent, setGlobalDispatcher } from "undici";

/**
 * Browsers resolve every `*.localhost` name to loopback (RFC 6761); Node's resolver does not.
 * Tests that call app hosts such as `http://todo.localhost:8787/` from Node install this first.
 */
export function resolveLocalhostSubdomains() {
  setGlobalDispatcher(
    new Agent({
      connect: {
        lookup: (host, options, callback) => {
          if (host === "localhost" || host.endsWith(".localhost")) {
            if ((options as { all?: boolean }).all)
              (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
                { address: "127.0.0.1", family: 4 },
              ]);
            else callback(null, "127.0.0.1", 4);
            return;
          }
          lookup(host, options, callback);
        },
      },
    }),
  );
}
