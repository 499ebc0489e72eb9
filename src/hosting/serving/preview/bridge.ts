/**
 * The preview bridge, run first on every preview page. It exposes `window.__kiln`:
 *
 *   __kiln.send(type, payload)   tell the workspace something (queued until it has said hello)
 *   __kiln.on(type, handler)     hear the workspace's messages of one type
 *
 * Messages are `{kiln: 1, type, payload}`. The workspace says `hello` when the frame loads; the
 * page answers `ready` with its URL and the version it belongs to (data-version); the
 * bridge answers only a parent frame whose origin is one of the builder's (data-builder-origins),
 * so a page that frames a preview link it found learns nothing, and nothing but the workspace can
 * drive it. Plain ES2017 with no imports: it runs before the app, in any browser the app supports.
 */
export const BRIDGE = `(function () {
  if (window.__kiln) return;
  var script = document.currentScript;
  var allowed = [];
  try { allowed = JSON.parse(script.getAttribute("data-builder-origins") || "[]"); } catch (e) {}
  var version = script.getAttribute("data-version") || null;
  var parentOrigin = null;
  var queue = [];
  var handlers = {};
  function post(message) {
    try { window.parent.postMessage(message, parentOrigin); } catch (e) {}
  }
  window.__kiln = {
    send: function (type, payload) {
      var message = { kiln: 1, type: String(type), payload: payload === undefined ? null : payload };
      if (parentOrigin) post(message);
      else if (queue.length < 50) queue.push(message);
    },
    on: function (type, handler) {
      (handlers[type] = handlers[type] || []).push(handler);
    },
  };
  if (window.parent === window) return;
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || allowed.indexOf(event.origin) < 0) return;
    var data = event.data;
    if (!data || data.kiln !== 1 || typeof data.type !== "string") return;
    if (data.type === "hello") {
      parentOrigin = event.origin;
      post({ kiln: 1, type: "ready", payload: { url: location.href, versionId: version } });
      var pending = queue;
      queue = [];
      for (var i = 0; i < pending.length; i++) post(pending[i]);
    }
    var list = handlers[data.type] || [];
    for (var j = 0; j < list.length; j++) {
      try { list[j](data.payload); } catch (e) {}
    }
  });
})();
`;
