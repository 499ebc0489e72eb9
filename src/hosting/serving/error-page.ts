/** A small, self-contained HTML page for answers the platform gives on an app's behalf. */
export function errorPage(status: number, title: string, detail: string): Response {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#fafaf9;color:#1c1917}main{max-width:34rem;padding:2rem}h1{font-size:1.5rem;margin:0 0 .5rem}p{color:#57534e}small{color:#a8a29e}</style>
</head><body><main><h1>${esc(title)}</h1><p>${esc(detail)}</p><small>${status} · served by Kiln</small></main></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
