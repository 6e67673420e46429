/* Small page behaviours, declared in the HTML by data- attributes instead of
 * inline handlers (onclick=, onchange=), which the Content-Security-Policy
 * forbids (docs/security.md):
 *
 * - <button data-print>           prints the page;
 * - <select data-autosubmit>      submits its form when changed;
 * - <select data-reload-query="x"> reloads the page with ?x=<value>;
 * - an element polled by htmx with data-poll-pause-on-focus is not refreshed
 *   while a field inside it has the focus (what one types is not replaced),
 *   nor while it shows a refusal that htmx did not swap (js/forms.js): the
 *   message and what was typed stay until the user sends again.
 * Listeners are delegated on the document, so htmx-swapped content works too.
 * No dependencies.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field || !field.matches) {
      return;
    }
    if (field.matches("[data-autosubmit]") && field.form) {
      if (field.form.requestSubmit) {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
      return;
    }
    if (field.matches("[data-reload-query]")) {
      var name = field.getAttribute("data-reload-query");
      var query = new URLSearchParams();
      query.set(name, field.value);
      window.location.search = "?" + query.toString();
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail && event.detail.elt;
    if (!element || !element.hasAttribute || !element.hasAttribute("data-poll-pause-on-focus")) {
      return;
    }
    var focused = document.activeElement;
    if (focused && focused !== element && element.contains(focused) && focused.matches("input, textarea, select")) {
      event.preventDefault();
      return;
    }
    if (element.querySelector("[data-htmx-refusal]")) {
      event.preventDefault();
    }
  });
})();
