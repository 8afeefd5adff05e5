// Small behaviours of every page, kept out of the HTML (the Content-Security-Policy allows no
// inline script): a <select data-autosubmit> sends its form when changed (the language menu,
// the filters); a <form data-confirm="question"> asks before it is sent (deleting a record).
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form && form.matches && form.matches("form[data-confirm]") &&
        !window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
  });
})();
