/* Renda's forms speak Chinese and show where to look.
 *
 * - Every form gets `novalidate`: the browser's own bubbles ("Please fill out
 *   this field.") are in the browser's language and vanish on a phone; the
 *   server answers instead, naming the field in Chinese, with status 400.
 * - When a page comes back with errors, the first field in error takes the
 *   focus (Django marks it aria-invalid="true"), so the user lands on it
 *   instead of at the top of a long form.
 * - A page shown again after a refused post cannot hold the files that were
 *   chosen (no browser allows it): beside each file input the post used, a
 *   line names the file that was not uploaded and asks to choose it again
 *   (the names come from <body data-dropped-files>, set by the server).
 * - A refusal answered to htmx is shown, never swallowed (htmx swaps only 2xx
 *   answers by default, so a refused post used to change nothing on the
 *   screen). A 400, 409, 422 or 429 that carries a fragment is swapped like a
 *   success: the views answer those with the part again, the message on top
 *   and what was typed still in it. Any other failure (403, 404, 5xx, a full
 *   error page, no network) leaves the part as it is, with what was typed,
 *   and puts the message above it in a role="alert" line.
 *   A redirect never reaches htmx: the server turns it into a page load
 *   (renda.core.middleware.HtmxRedirectMiddleware).
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

  function droppedFiles() {
    var raw = document.body && document.body.getAttribute("data-dropped-files");
    if (!raw) {
      return;
    }
    var dropped;
    try {
      dropped = JSON.parse(raw);
    } catch (error) {
      return;
    }
    var byField = dropped.files || {};
    function postedHere(input) {
      // The form that was posted (by its address), or a refused form shown
      // without its own <form> (data-refused).
      if (input.form) {
        return new URL(input.form.action, window.location.href).pathname === dropped.path;
      }
      return Boolean(input.closest("[data-refused]"));
    }
    Object.keys(byField).forEach(function (field) {
      var names = byField[field].filter(Boolean);
      if (!names.length) {
        return;
      }
      document.querySelectorAll('input[type="file"]').forEach(function (input) {
        if (input.name !== field || input.hasAttribute("data-dropped-note") || !postedHere(input)) {
          return;
        }
        input.setAttribute("data-dropped-note", "");
        var note = document.createElement("p");
        note.className = "field-error";
        note.setAttribute("role", "alert");
        note.setAttribute("data-dropped-files", "");
        note.textContent = "您选择的文件“" + names.join("”“") +
          "”没有上传，请改正上面的问题后重新选择。";
        input.parentNode.insertBefore(note, input);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    quiet(document);
    droppedFiles();
    focusFirstError();
  });
  document.addEventListener("htmx:load", function (event) {
    quiet(event.target);
  });

  // Refusals answered to htmx ------------------------------------------------

  var SWAPPED = { 400: true, 409: true, 422: true, 429: true };
  var FALLBACK = {
    403: "没有权限完成这项操作，或登录已过期。请刷新页面后再试。",
    404: "要操作的记录已不存在，或不在您的范围内。请刷新页面。",
    413: "提交的内容或文件太大。",
    429: "操作太频繁，请稍后再试。",
    503: "系统暂时无法处理，您的操作没有完成，请稍后再试。"
  };
  var NETWORK = "网络连接中断，没有提交成功。已填写的内容仍在页面上，请检查网络后重试。";
  var NETWORK_READ = "网络连接中断，这里显示的内容可能不是最新的。请检查网络。";

  function isFullPage(text) {
    return /^\s*<!doctype|<html[\s>]/i.test(text.slice(0, 1000));
  }

  function pageMessage(text) {
    // The message a full error page carries, or "".
    try {
      var page = new DOMParser().parseFromString(text, "text/html");
      var found = page.querySelectorAll(
        '[role="alert"], [data-error-summary], .form-errors, .msg-error, h1 + p'
      );
      for (var i = 0; i < found.length; i += 1) {
        var words = found[i].textContent.replace(/\s+/g, " ").trim();
        if (words) {
          return words.length > 200 ? words.slice(0, 200) + "…" : words;
        }
      }
      return "";
    } catch (error) {
      return "";
    }
  }

  function say(element, message) {
    // One alert line above the part that sent the request (or its form).
    var anchor = (element && element.closest && element.closest("form")) || element;
    if (!anchor || !anchor.parentNode) {
      window.alert(message);
      return;
    }
    var line = anchor.previousElementSibling;
    if (!line || !line.hasAttribute("data-htmx-refusal")) {
      line = document.createElement("p");
      line.className = "form-errors";
      line.setAttribute("role", "alert");
      line.setAttribute("data-htmx-refusal", "");
      anchor.parentNode.insertBefore(line, anchor);
    }
    line.textContent = message;
    if (line.scrollIntoView) {
      line.scrollIntoView({ block: "nearest" });
    }
  }

  function clear(element) {
    var anchor = (element && element.closest && element.closest("form")) || element;
    var line = anchor && anchor.previousElementSibling;
    if (line && line.hasAttribute("data-htmx-refusal")) {
      line.remove();
    }
  }

  function source(detail) {
    // The element that sent the request (the form), not the one swapped.
    return (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var status = detail.xhr.status;
    if (status < 400) {
      clear(source(detail));
      return;
    }
    var text = detail.xhr.responseText || "";
    var html = /text\/html/.test(detail.xhr.getResponseHeader("Content-Type") || "");
    if (SWAPPED[status] && html && text.trim() && !isFullPage(text)) {
      detail.shouldSwap = true;
      detail.isError = false;
      clear(source(detail));
      return;
    }
    detail.shouldSwap = false;
    var message = (html && isFullPage(text) && pageMessage(text)) || FALLBACK[status] ||
      "操作没有完成（错误 " + status + "），请刷新页面后再试。";
    say(source(detail), message);
  });

  function networkMessage(detail) {
    var verb = (detail.requestConfig && detail.requestConfig.verb) || "post";
    return verb.toLowerCase() === "get" ? NETWORK_READ : NETWORK;
  }

  document.addEventListener("htmx:sendError", function (event) {
    say(source(event.detail), networkMessage(event.detail));
  });
  document.addEventListener("htmx:timeout", function (event) {
    say(source(event.detail), networkMessage(event.detail));
  });
})();
