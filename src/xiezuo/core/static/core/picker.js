// The picker (xiezuo.core.widgets.Picker): type-ahead for a reference typed by name.
// An ARIA combobox: the input asks its data-picker-url (?q=) for <li role="option"> items
// while the user types (debounced); ArrowDown/ArrowUp move, Enter or a click picks, Escape
// closes. Picking puts the option's data-value in the input and fires "change" (a list's
// filter form then refreshes). Without this script the input is a plain text field that
// the server resolves. No inline scripts (the CSP forbids them), no external assets; its
// look is core/picker.css (linked by the base template).
(function () {
  "use strict";
  var DELAY = 250;
  function setup(input) {
    if (input.hasAttribute("data-picker-ready")) { return; }
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) { return; }
    input.setAttribute("data-picker-ready", "");
    var url = input.getAttribute("data-picker-url");
    var timer = null;
    var active = -1;
    var asked = 0;
    var shownFor = null;

    function options() {
      return Array.prototype.filter.call(list.querySelectorAll("[role=option]"), function (o) {
        return o.getAttribute("aria-disabled") !== "true";
      });
    }
    function open() {
      if (!list.children.length) { return close(); }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({block: "nearest"});
    }
    function pick(option) {
      input.value = option.getAttribute("data-value");
      shownFor = input.value;
      close();
      input.dispatchEvent(new Event("change", {bubbles: true}));
    }
    function ask(then) {
      var text = input.value.trim();
      if (!text) { list.innerHTML = ""; shownFor = ""; close(); return; }
      var mine = ++asked;
      var sep = url.indexOf("?") < 0 ? "?" : "&";
      fetch(url + sep + "q=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: {"Accept": "text/html"}
      }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        if (mine !== asked) { return; }  // a later request answers for newer text
        list.innerHTML = html;  // escaped by the server's template
        Array.prototype.forEach.call(list.querySelectorAll("[role=option]"), function (o, i) {
          o.id = list.id + "_" + i;
        });
        shownFor = text;
        active = -1;
        input.removeAttribute("aria-activedescendant");
        if (document.activeElement === input) { open(); }
        if (then) { then(); }
      }).catch(function () { close(); });
    }

    input.addEventListener("input", function (event) {
      // Typing only asks for suggestions; the list's filter form reacts to the pick.
      event.stopPropagation();
      clearTimeout(timer);
      if (event.isComposing) { return; }  // 拼音 still being composed: wait for the characters
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("compositionend", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.isComposing) { return; }  // an IME (拼音) is composing: its keys are its own
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        var step = function () { highlight(active < 0 && key === "ArrowUp" ? -1 : active + (key === "ArrowDown" ? 1 : -1)); };
        if (!list.hidden) { step(); return; }
        clearTimeout(timer);
        if (shownFor === input.value.trim() && list.children.length) { open(); step(); }
        else { ask(step); }
      } else if (key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          pick(options()[active]);
        }
      } else if (key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      } else if (key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && option.getAttribute("aria-disabled") !== "true") { pick(option); }
    });
  }

  function init(root) {
    var inputs = root.querySelectorAll ? root.querySelectorAll("input[data-picker-url]") : [];
    if (root.matches && root.matches("input[data-picker-url]")) { setup(root); }
    Array.prototype.forEach.call(inputs, setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // Content htmx swaps in (a list's results, a form's rows) gets its pickers too.
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
