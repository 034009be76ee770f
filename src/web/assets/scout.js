// Scout's pages work without this file; it only trims and speeds things up.
(function () {
  "use strict";
  // Leave empty filters out of the search URL, so a shared link holds only what was asked.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "get") {
      return;
    }
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element.name && !element.disabled && element.value === "" && element.type !== "checkbox") {
        element.disabled = true;
        window.setTimeout(function () { element.disabled = false; }, 0);
      }
    });
  });
})();
