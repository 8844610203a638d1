// Small behaviours without inline scripts (the Content-Security-Policy forbids them):
// the menu (one button on a phone, dropdown groups, the current page marked), filters folded
// on a phone, and a confirmation dialog before irreversible actions.
(function () {
  "use strict";
  var NARROW = "(max-width: 700px)";       // a phone: filters folded (app.css uses the same widths)
  var MENU_NARROW = "(max-width: 960px)";  // the menu behind one button, its groups stacked

  function matches(query) { return Boolean(window.matchMedia && window.matchMedia(query).matches); }
  function narrow() { return matches(NARROW); }
  function menuNarrow() { return matches(MENU_NARROW); }

  // --- The menu ---------------------------------------------------------------------
  function groups() { return Array.prototype.slice.call(document.querySelectorAll(".topbar details.navgroup")); }

  function closeGroups(except) {
    groups().forEach(function (group) { if (group !== except) { group.open = false; } });
  }

  function setMenu(open) {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) { return; }
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
    if (!open) { closeGroups(null); }
  }

  function markCurrent() {
    // The menu entry whose address is the longest start of this page's address.
    var here = window.location.pathname;
    var best = null;
    var bestLength = 0;
    document.querySelectorAll(".mainnav a[href]").forEach(function (link) {
      var path = new URL(link.href, window.location.href).pathname;
      var matches = path === "/" ? here === "/" : here.indexOf(path) === 0;
      if (matches && path.length > bestLength) { best = link; bestLength = path.length; }
    });
    if (!best) { return; }
    best.setAttribute("aria-current", "page");
    var group = best.closest("details.navgroup");
    if (group) {
      group.classList.add("current");
      // On a phone the open menu shows where one is.
      if (menuNarrow()) { group.open = true; }
    }
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".menu-toggle");
    if (toggle) {
      setMenu(toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    // A click outside the open dropdown closes it (on a wide screen; on a phone they stack).
    if (!menuNarrow() && !event.target.closest(".topbar details.navgroup")) { closeGroups(null); }
  });

  document.addEventListener("toggle", function (event) {
    var group = event.target;
    if (group.matches && group.matches(".topbar details.navgroup") && group.open && !menuNarrow()) {
      closeGroups(group);
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = event.target.closest && event.target.closest(".topbar details.navgroup[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
      return;
    }
    var toggle = document.querySelector(".menu-toggle[aria-expanded=true]");
    if (toggle && event.target.closest && event.target.closest("#site-menu")) {
      setMenu(false);
      toggle.focus();
    }
  });

  // --- Filters: folded on a phone unless something is filtered or wrong -----------------
  function foldFilters() {
    if (!narrow()) { return; }
    document.querySelectorAll("details.filterbox[data-fold-narrow]").forEach(function (box) {
      if (!box.hasAttribute("data-active")) { box.open = false; }
    });
  }

  // --- Confirmation ----------------------------------------------------------------
  // A button with data-confirm="批准将生成 7 条选派记录。确定吗？" asks first, in a <dialog>
  // (focus on the safe choice, Esc cancels); without <dialog>, the browser's own confirm.
  var confirmed = null;

  function label(name, fallback) {
    return document.body.getAttribute("data-confirm-" + name) || fallback;
  }

  function buildDialog() {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm";
    dialog.setAttribute("aria-labelledby", "confirm-title");
    dialog.setAttribute("aria-describedby", "confirm-message");
    var title = document.createElement("h2");
    title.id = "confirm-title";
    var text = document.createElement("p");
    text.id = "confirm-message";
    var actions = document.createElement("div");
    actions.className = "dialog-actions";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "secondary";
    cancel.value = "cancel";
    var ok = document.createElement("button");
    ok.type = "button";
    ok.value = "ok";
    actions.appendChild(cancel);
    actions.appendChild(ok);
    dialog.appendChild(title);
    dialog.appendChild(text);
    dialog.appendChild(actions);
    cancel.addEventListener("click", function () { dialog.close("cancel"); });
    ok.addEventListener("click", function () { dialog.close("ok"); });
    document.body.appendChild(dialog);
    return dialog;
  }

  function ask(message, danger, then) {
    var dialog = document.querySelector("dialog.confirm") || buildDialog();
    dialog.querySelector("h2").textContent = label("title", "");
    dialog.querySelector("p").textContent = message;
    var ok = dialog.querySelector("button[value=ok]");
    var cancel = dialog.querySelector("button[value=cancel]");
    ok.textContent = label("ok", "OK");
    cancel.textContent = label("cancel", "Cancel");
    ok.className = danger ? "danger" : "";
    dialog.returnValue = "";
    dialog.onclose = function () { then(dialog.returnValue === "ok"); };
    dialog.showModal();
    cancel.focus();  // the safe choice; Esc closes the dialog with no answer (cancel)
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter || form.querySelector("[data-confirm]");
    var message = button && button.getAttribute("data-confirm");
    if (!message) { return; }
    if (confirmed === button) { confirmed = null; return; }  // asked and agreed: let it go
    if (typeof HTMLDialogElement !== "function" || typeof document.createElement("dialog").showModal !== "function") {
      if (!window.confirm(message)) { event.preventDefault(); }
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(message, button.classList.contains("danger"), function (yes) {
      if (!yes) { button.focus(); return; }
      confirmed = button;
      if (form.requestSubmit) { form.requestSubmit(button.matches("button, input[type=submit]") ? button : undefined); } else { form.submit(); }
    });
  }, true);

  function ready() {
    markCurrent();
    foldFilters();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
