// Scout's pages work without this file; it only trims and speeds things up.
(function () {
  "use strict";
  // A creator picture that fails to load leaves the initials beneath it showing.
  document.addEventListener("error", function (event) {
    var image = event.target;
    if (image instanceof HTMLImageElement && image.parentNode && image.parentNode.classList.contains("avatar")) {
      image.remove();
    }
  }, true);
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
