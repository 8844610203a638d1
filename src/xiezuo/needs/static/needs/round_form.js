// The round form: a weight preset fills the seven weights; editing a weight picks "custom".
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var form = document.getElementById("round-form");
    if (!form) { return; }
    var custom = form.querySelector("input[name=preset][value=custom]");
    function fill(radio) {
      var spec = radio.getAttribute("data-weights");
      if (!spec) { return; }
      spec.split(",").forEach(function (pair) {
        var parts = pair.split(":");
        var input = form.querySelector("input[data-weight='" + parts[0] + "']");
        if (input) { input.value = parts[1]; }
      });
    }
    form.querySelectorAll("input[name=preset]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked) {
          fill(radio);
          if (radio === custom) { document.getElementById("custom-weights").open = true; }
        }
      });
      if (radio.checked) { fill(radio); }
    });
    form.querySelectorAll("input[data-weight]").forEach(function (input) {
      input.addEventListener("input", function () { if (custom) { custom.checked = true; } });
    });
  });
})();
