// The "accept all shown" form lists the pending facts of the page. When one fact is
// reviewed on its own (htmx replaces its card), it leaves the list and the button's
// count and question follow; with none left the form goes.
(function () {
  function sync() {
    document.querySelectorAll("form[data-accept-shown]").forEach(function (form) {
      var inputs = form.querySelectorAll("input[name=fact]");
      inputs.forEach(function (input) {
        var card = document.getElementById("fact-" + input.value);
        if (card && !card.classList.contains("pending")) {
          input.remove();
        }
      });
      var left = form.querySelectorAll("input[name=fact]").length;
      if (left === inputs.length) {
        return;
      }
      if (left === 0) {
        form.remove();
        return;
      }
      var button = form.querySelector("button");
      button.textContent = button.getAttribute("data-label-other").replace("99999", left);
      button.setAttribute("data-confirm", button.getAttribute("data-confirm-other").replace("99999", left));
    });
  }
  document.addEventListener("htmx:afterSwap", sync);
  document.addEventListener("htmx:afterSettle", sync);
})();
