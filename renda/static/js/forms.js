/* Renda's forms speak Chinese and show where to look.
 *
 * - Every form gets `novalidate`: the browser's own bubbles ("Please fill out
 *   this field.") are in the browser's language and vanish on a phone; the
 *   server answers instead, naming the field in Chinese, with status 400.
 * - When a page comes back with errors, the first field in error takes the
 *   focus (Django marks it aria-invalid="true"), so the user lands on it
 *   instead of at the top of a long form.
 * No dependencies; htmx-swapped content is handled too.
 */
(function () {
  "use strict";

  function quiet(root) {
    if (root.tagName === "FORM") {
      root.noValidate = true;
    }
    root.querySelectorAll("form").forEach(function (form) {
      form.noValidate = true;
    });
  }

  function firstError() {
    var marked = document.querySelector(
      '[aria-invalid="true"]:not([type="hidden"]), .has-error input:not([type="hidden"]), ' +
        ".has-error select, .has-error textarea"
    );
    if (marked) {
      return marked;
    }
    var summary = document.querySelector("[data-error-summary]");
    return summary;
  }

  function focusFirstError() {
    if (document.querySelector("[autofocus]")) {
      return; // the page chose its own focus
    }
    var field = firstError();
    if (field) {
      field.focus({ preventScroll: false });
      if (field.scrollIntoView) {
        field.scrollIntoView({ block: "center" });
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    quiet(document);
    focusFirstError();
  });
  document.addEventListener("htmx:load", function (event) {
    quiet(event.target);
  });
})();
