// Small behaviours of every page, kept out of the HTML (the Content-Security-Policy allows no
// inline script): a <select data-autosubmit> sends its form when changed (the language menu).
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
})();
