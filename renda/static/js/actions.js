/* Small page behaviours, declared in the HTML by data- attributes instead of
 * inline handlers (onclick=, onchange=), which the Content-Security-Policy
 * forbids (docs/security.md):
 *
 * - <button data-print>           prints the page;
 * - <select data-autosubmit>      submits its form when changed;
 * - <select data-reload-query="x"> reloads the page with ?x=<value>;
 * - an element polled by htmx with data-poll-pause-on-focus is not refreshed
 *   while a field inside it has the focus (what one types is not replaced),
 *   nor while it shows a refusal that htmx did not swap (js/forms.js) above a
 *   form holding typed text: the message and the text stay until the user
 *   sends again.
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

  function typedIn(form) {
    var fields = form.querySelectorAll('input[type="text"], input:not([type]), textarea');
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value.trim()) {
        return true;
      }
    }
    return false;
  }

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
    // A refusal shown inside it stays, with what was typed in that form, while
    // the form holds typed text; a refused click with nothing typed does not
    // stop the refresh (it would go stale without a sign).
    var refusals = element.querySelectorAll("[data-htmx-refusal]");
    for (var i = 0; i < refusals.length; i += 1) {
      var form = refusals[i].nextElementSibling;
      if (form && form.querySelector && typedIn(form)) {
        event.preventDefault();
        return;
      }
    }
  });
})();
