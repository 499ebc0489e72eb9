/**
 * Select mode on a preview page (after the bridge; see scripts.ts). The workspace turns it on and
 * off with `select-mode {on}`; while on, the element under the pointer that carries a source tag
 * (data-kiln-src, written by preview builds; builder/source-tags.ts) is outlined, and a click
 * sends `selected {src, callers, tag, text, classes, rect}` instead of reaching the app.
 * `callers` are the source tags of the component uses above the element, nearest first, read from
 * React's fibers (the props objects the tagging runtime marked), so text passed in as a prop can
 * be edited where it is written. Turned on, it answers `select-ready {tagged}`: whether the page has
 * anything to select. `highlight {src}` outlines an element the workspace names (after a reload).
 */
export const SELECT = `(function () {
  var kiln = window.__kiln;
  if (!kiln || kiln.select) return;
  kiln.select = true;
  var on = false;
  var box = null;
  var chosen = null;
  var chosenBox = null;

  function tagged(el) {
    while (el && el.nodeType === 1) {
      if (el.hasAttribute("data-kiln-src")) return el;
      el = el.parentElement;
    }
    return null;
  }
  function overlay(color) {
    var b = document.createElement("div");
    b.setAttribute("data-kiln-overlay", "");
    b.style.cssText = "position:fixed;pointer-events:none;z-index:2147483647;box-sizing:border-box;border:2px solid " + color + ";border-radius:3px;background:" + color + "14;display:none;transition:all 60ms";
    (document.body || document.documentElement).appendChild(b);
    return b;
  }
  function place(b, el) {
    if (!el) { b.style.display = "none"; return; }
    var r = el.getBoundingClientRect();
    b.style.display = "block";
    b.style.left = r.left + "px";
    b.style.top = r.top + "px";
    b.style.width = r.width + "px";
    b.style.height = r.height + "px";
  }
  function callers(el) {
    var key = null;
    for (var k in el) if (k.indexOf("__reactFiber$") === 0) { key = k; break; }
    var out = [];
    for (var f = key ? el[key].return : null; f && out.length < 30; f = f.return) {
      // Components (functions, forwardRef and memo objects); host elements, fragments and providers are passed over.
      if (typeof f.type === "function" || (f.type && typeof f.type === "object" && (f.type.render || f.type.type))) {
        var props = f.memoizedProps;
        if (props && props.__kilnSrc) out.push(String(props.__kilnSrc));
      }
    }
    return out;
  }
  function describe(el) {
    var r = el.getBoundingClientRect();
    return {
      src: el.getAttribute("data-kiln-src"),
      callers: callers(el),
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.textContent || "").trim().slice(0, 500),
      classes: (el.getAttribute("class") || "").split(/\\s+/).filter(Boolean),
      rect: { x: r.left, y: r.top, width: r.width, height: r.height },
    };
  }
  function move(e) {
    if (!on) return;
    if (!box) box = overlay("#6366f1");
    place(box, tagged(e.target));
  }
  function swallow(e) {
    if (!on) return;
    e.preventDefault();
    e.stopPropagation();
    e.stopImmediatePropagation();
  }
  function click(e) {
    if (!on) return;
    swallow(e);
    var el = tagged(e.target);
    if (!el) return;
    chosen = el;
    if (!chosenBox) chosenBox = overlay("#f59e0b");
    place(chosenBox, el);
    kiln.send("selected", describe(el));
  }
  window.addEventListener("pointermove", move, true);
  window.addEventListener("click", click, true);
  ["pointerdown", "pointerup", "mousedown", "mouseup", "dblclick", "submit", "auxclick"].forEach(function (t) {
    window.addEventListener(t, swallow, true);
  });
  window.addEventListener("scroll", function () {
    if (chosenBox && chosen) place(chosenBox, chosen);
    if (box) box.style.display = "none";
  }, true);
  kiln.on("select-mode", function (p) {
    on = !!(p && p.on);
    // A page with no source tags (built before Kiln tagged previews, or uploaded through the
    // deploy API) has nothing to select: the workspace says so instead of seeming broken.
    if (on) kiln.send("select-ready", { tagged: !!document.querySelector("[data-kiln-src]") });
    document.documentElement.style.cursor = on ? "crosshair" : "";
    if (!on) {
      if (box) box.style.display = "none";
      if (chosenBox) chosenBox.style.display = "none";
      chosen = null;
    }
  });
  kiln.on("highlight", function (p) {
    var el = p && p.src ? document.querySelector('[data-kiln-src="' + String(p.src).replace(/"/g, "") + '"]') : null;
    chosen = el;
    if (!chosenBox) chosenBox = overlay("#f59e0b");
    place(chosenBox, el);
  });
})();
`;
