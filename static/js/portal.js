/* Small behaviours of every page, without inline handlers (CSP-friendly). */
(function () {
  "use strict";
  // A select marked data-autosubmit submits its form when changed (the language switch);
  // without JavaScript the form's own button does it.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
(function () {
  "use strict";
  // A button marked data-print opens the browser's print dialogue.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
