/**
 * The preview's reporter, run after the bridge: it tells the workspace (`__kiln.send`) what went
 * wrong on the page, so a preview is never a white frame with nothing said, and that it rendered
 * when it did. Messages:
 *
 *   error     {kind, message, stack, where: {url, line, column} | null, componentStack}
 *             kind: "error" (uncaught), "rejection" (unhandled promise), "resource" (a script,
 *             module or stylesheet that did not load), "blank" (the root still empty 3 s after
 *             load); the app's error boundary sends kind "render" itself (the template's
 *             src/lib/error-boundary.tsx), which this script notices.
 *   rendered  {url}   the root has content and no error came first
 *
 * Positions are the bundle's; the platform maps them to the app's files (render-report.ts).
 * Plain ES2017 with no imports, like the bridge.
 */
export const REPORTER = `(function () {
  var kiln = window.__kiln;
  if (!kiln || kiln.reporting) return;
  kiln.reporting = true;
  var failed = false;
  var sent = 0;
  var send = kiln.send;
  kiln.send = function (type, payload) {
    if (type === "error") failed = true;
    return send.call(kiln, type, payload);
  };
  function text(value, max) {
    return value === undefined || value === null ? null : String(value).slice(0, max);
  }
  function report(kind, message, stack, where) {
    if (sent >= 20) return;
    sent++;
    kiln.send("error", {
      kind: kind,
      message: text(message, 2000) || "Unknown error",
      stack: text(stack, 16000),
      where: where,
      componentStack: null,
    });
  }
  var tags = { SCRIPT: "script", LINK: "stylesheet" };
  window.addEventListener("error", function (event) {
    var target = event.target;
    if (target && target !== window && target.tagName) {
      // Capture phase: a script, module or stylesheet that did not load (these do not bubble).
      var what = tags[target.tagName];
      if (!what || (what === "stylesheet" && !/stylesheet|modulepreload/i.test(target.rel || ""))) return;
      var url = target.src || target.href || "";
      if (target.type === "module") what = "module";
      // The page's own files by their path: the preview's host is a secret, and no help to read.
      var shown = url;
      try {
        var parsed = new URL(url, location.href);
        if (parsed.origin === location.origin) shown = parsed.pathname + parsed.search;
      } catch (e) {}
      report("resource", "The " + what + " " + shown + " did not load.", null, { url: url, line: null, column: null });
      return;
    }
    var error = event.error;
    report(
      "error",
      (error && error.message) || event.message || "Script error.",
      error && error.stack,
      event.filename ? { url: event.filename, line: event.lineno || null, column: event.colno || null } : null
    );
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    var message = reason && reason.message ? reason.message : String(reason);
    report("rejection", "Unhandled promise rejection: " + message, reason && reason.stack, null);
  });
  function hasContent(element) {
    var nodes = element.childNodes;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.nodeType === 3 && node.textContent.trim()) return true;
      if (node.nodeType === 1 && !/^(SCRIPT|STYLE|LINK|TEMPLATE|NOSCRIPT|META)$/.test(node.tagName)) return true;
    }
    return false;
  }
  function check(triesLeft) {
    if (failed) return;
    var root = document.getElementById("root");
    if (hasContent(root || document.body)) {
      kiln.send("rendered", { url: location.href });
      return;
    }
    if (triesLeft > 0) return void setTimeout(function () { check(triesLeft - 1); }, 250);
    report(
      "blank",
      root
        ? "The page showed nothing: its #root element was still empty 3 seconds after the page loaded."
        : "The page showed nothing: its body was still empty 3 seconds after the page loaded.",
      null,
      null
    );
  }
  function start() {
    setTimeout(function () { check(12); }, 0);
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
`;
