// The copy button of a new API token: copies the text of the input it names
// (data-copy) and says so beside it; where the clipboard is refused, selects the text.
(function () {
  "use strict";
  function say(button, text) {
    var status = document.getElementById(button.id + "-status");
    if (status) { status.textContent = text; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    input.focus();
    input.select();
    var copied = function () { say(button, button.getAttribute("data-copied")); };
    var failed = function () {
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(button, button.getAttribute(ok ? "data-copied" : "data-copy-failed"));
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(copied, failed);
    } else {
      failed();
    }
  });
}());
