/* Renda on a phone: the service worker, and forms kept on the phone while offline.
 *
 * Plain JavaScript, no framework. Loaded by base.html with data-user (the signed-in
 * user's id, empty when nobody is signed in) and data-login (the log-in URL).
 *
 * Offline drafts: a form listed in OFFLINE_FORMS submitted while the phone is
 * offline is kept in IndexedDB (files too) and posted to the same URL when the
 * network returns, by the same user only, with a key of its own (sent as the
 * form's `idempotency_key` field and the `Idempotency-Key` header): a retry after
 * a lost answer returns the first result, never a second record.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var knowsUser = script && script.hasAttribute("data-user");
  var user = knowsUser ? script.getAttribute("data-user") : null;
  var loginPath = (script && script.getAttribute("data-login")) || "/accounts/login/";
  var PAGES = "renda-pages";
  // The same list as DRAFT_FORMS in renda/pwa/views.py (the worker's copy).
  var OFFLINE_FORMS = [
    { path: /^\/suggestions\/new\/$/, label: "建议", summary: ["title"] },
    {
      path: /^\/stations\/\d+\/reception-days\/new\/$/,
      label: "接待日",
      summary: ["date", "place"],
    },
  ];
  var SAVED_TEXT = "已保存在手机上，联网后自动提交";

  // The service worker and the kept pages --------------------------------------------

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  if (knowsUser) {
    var last = null;
    try {
      last = localStorage.getItem("renda.user");
      localStorage.setItem("renda.user", user);
    } catch (error) {
      last = "";
    }
    // Signed out, or someone else signed in: this phone forgets the kept pages.
    // (After a page of nobody signed in they are already gone.)
    if (!user || (last && last !== user)) {
      if (window.caches) caches.delete(PAGES);
    }
    // Whose drafts the worker keeps when a form's POST fails on the network.
    if (window.caches) {
      caches.open("renda-meta").then(function (cache) {
        return cache.put("/__renda/user", new Response(user || ""));
      }).catch(function () {});
    }
  }

  // The drafts' store (IndexedDB) ---------------------------------------------------

  var database = null;
  function open() {
    if (!database) {
      database = new Promise(function (resolve, reject) {
        var request = indexedDB.open("renda", 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("drafts", { keyPath: "key" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return database;
  }
  function store(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction("drafts", mode);
        var result = work(transaction.objectStore("drafts"));
        transaction.oncomplete = function () { resolve(result && result.result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }
  function allDrafts() {
    return store("readonly", function (drafts) { return drafts.getAll(); }).then(
      function (rows) {
        return (rows || []).filter(function (row) { return row.user === user; });
      }
    );
  }
  function putDraft(draft) {
    return store("readwrite", function (drafts) { return drafts.put(draft); });
  }
  function deleteDraft(key) {
    return store("readwrite", function (drafts) { return drafts.delete(key); });
  }
  function getDraft(key) {
    return store("readonly", function (drafts) { return drafts.get(key); });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) { return (b + 256).toString(16).slice(1); })
      .join("");
  }
  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (part) {
      return part.indexOf(name + "=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
  }
  function kindOf(form) {
    if (!form || (form.method || "").toLowerCase() !== "post") return null;
    var path = new URL(form.action, location.href).pathname;
    return OFFLINE_FORMS.filter(function (kind) { return kind.path.test(path); })[0] || null;
  }

  // The status line -----------------------------------------------------------------

  var box = document.createElement("div");
  box.className = "pwa-status";
  box.setAttribute("role", "status");
  box.setAttribute("aria-live", "polite");
  box.style.cssText =
    "display:none;margin:0 0 1rem;padding:.75rem 1rem;border-radius:8px;" +
    "background:#fff8e1;border:1px solid #e0b44c;font-size:1rem;line-height:1.6";
  var sentNow = [];

  function text(tag, content, style) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (style) element.style.cssText = style;
    return element;
  }
  function describe(draft) {
    return draft.label + "：" + (draft.summary || "（未填标题）");
  }
  function render() {
    if (!user) return Promise.resolve();
    return allDrafts().then(function (drafts) {
      box.textContent = "";
      if (!navigator.onLine) {
        box.appendChild(
          text("p", "现在没有网络。写建议、安排接待日可以照常填写，提交后先保存在手机上。",
            "margin:0 0 .25rem")
        );
      }
      var pending = drafts.filter(function (d) { return d.state === "pending"; });
      var failed = drafts.filter(function (d) { return d.state === "failed"; });
      if (pending.length) {
        box.appendChild(text("strong", SAVED_TEXT + "（" + pending.length + " 份）"));
        var list = document.createElement("ul");
        list.style.cssText = "margin:.25rem 0 0;padding-left:1.2rem";
        pending.forEach(function (d) {
          var item = text("li", describe(d) + (d.message ? "（" + d.message + "）" : ""));
          item.setAttribute("data-draft", d.key);
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      failed.forEach(function (d) {
        var line = text("p", describe(d) + " 没有提交成功：" + (d.message || "请检查后再提交。") + " ",
          "margin:.25rem 0");
        var link = text("a", "打开修改");
        link.href = d.action + "#renda-draft=" + encodeURIComponent(d.key);
        link.style.cssText = "display:inline-block;min-height:44px;padding:.5rem 0";
        line.appendChild(link);
        box.appendChild(line);
      });
      sentNow.forEach(function (sent) {
        var line = text("p", "已提交离线保存的" + describe(sent.draft) + "。", "margin:.25rem 0");
        if (sent.url) {
          var link = text("a", " 查看");
          link.href = sent.url;
          line.appendChild(link);
        }
        box.appendChild(line);
      });
      box.style.display = box.childNodes.length ? "block" : "none";
      if (box.childNodes.length && !box.parentNode) {
        var main = document.querySelector("main") || document.body;
        main.insertBefore(box, main.firstChild);
      }
    }).catch(function () {});
  }

  // Keeping a form offline ------------------------------------------------------------

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var kind = kindOf(form);
    if (!kind || !user) return;
    var restored = form.getAttribute("data-renda-draft");
    if (navigator.onLine) {
      // Sent now, by the page: the copy it was restored from is no longer needed.
      if (restored) deleteDraft(restored);
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var entries = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "idempotency_key") return;
      if (typeof value !== "string" && !value.name && !value.size) return; // no file chosen
      entries.push([name, value]);
    });
    var summary = kind.summary
      .map(function (name) { return (data.get(name) || "").toString().trim(); })
      .filter(Boolean)
      .join(" ")
      .slice(0, 60);
    var field = form.querySelector("input[name=idempotency_key]");
    var buttons = form.querySelectorAll("button, input[type=submit]");
    buttons.forEach(function (b) { b.disabled = true; });
    Promise.resolve()
      .then(function () {
        return putDraft({
          // A new key per draft: the form's own key may come from a kept copy of
          // the page, already used by an earlier draft. A draft the server refused
          // (restored into the form) keeps its key: nothing was written under it.
          key: restored || newKey(),
          user: user,
          action: new URL(form.action, location.href).pathname + new URL(form.action, location.href).search,
          label: kind.label,
          summary: summary,
          entries: entries,
          savedAt: new Date().toISOString(),
          state: "pending",
          message: "",
        });
      })
      .then(function () {
        form.reset();
        form.removeAttribute("data-renda-draft");
        if (field) field.value = newKey();
        return render();
      })
      .then(function () {
        window.scrollTo(0, 0);
      })
      .finally(function () {
        buttons.forEach(function (b) { b.disabled = false; });
      });
  }, true);

  // Sending the kept forms when the network returns -------------------------------------

  function firstError(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var error = page.querySelector(".field-error, .form-errors, .errorlist");
    return error ? error.textContent.replace(/\s+/g, " ").trim().slice(0, 120) : "";
  }
  function send(draft) {
    var body = new FormData();
    draft.entries.forEach(function (entry) { body.append(entry[0], entry[1]); });
    body.set("idempotency_key", draft.key);
    return fetch(draft.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": cookie("csrftoken"), "Idempotency-Key": draft.key },
    }).then(
      function (response) {
        var path = new URL(response.url).pathname;
        var formPath = new URL(draft.action, location.href).pathname;
        if (path === loginPath) {
          draft.message = "请先登录";
          return putDraft(draft);
        }
        if (response.ok && response.redirected && path !== formPath) {
          sentNow.push({ draft: draft, url: response.url });
          return deleteDraft(draft.key);
        }
        if (response.status >= 500 || response.status === 403 || response.status === 429) {
          draft.message = "稍后会再试";
          return putDraft(draft);
        }
        return response.text().then(function (html) {
          draft.state = "failed";
          draft.message = firstError(html);
          return putDraft(draft);
        });
      },
      function () { /* still offline: try again when the network returns */ }
    );
  }
  var syncing = false;
  function sync() {
    if (!user || syncing || !navigator.onLine) return render();
    syncing = true;
    var run = function () {
      return allDrafts().then(function (drafts) {
        var pending = drafts.filter(function (d) { return d.state === "pending"; });
        return pending.reduce(function (chain, draft) {
          return chain.then(function () { return send(draft); });
        }, Promise.resolve());
      });
    };
    var locked = navigator.locks
      ? navigator.locks.request("renda-drafts", run)
      : run();
    return locked
      .catch(function () {})
      .then(function () {
        syncing = false;
        return render();
      });
  }

  // A draft the server refused: back into its form for the user to fix ----------------

  function restore() {
    var match = /^#renda-draft=(.+)$/.exec(location.hash);
    if (!match || !user) return;
    var key = decodeURIComponent(match[1]);
    getDraft(key).then(function (draft) {
      if (!draft || draft.user !== user) return;
      var form = Array.prototype.filter.call(document.forms, kindOf)[0];
      if (!form) return;
      form.setAttribute("data-renda-draft", key);
      Array.prototype.forEach.call(form.elements, function (element) {
        var name = element.name;
        if (!name || name === "csrfmiddlewaretoken" || element.type === "submit") return;
        var values = draft.entries
          .filter(function (entry) { return entry[0] === name; })
          .map(function (entry) { return entry[1]; });
        if (name === "idempotency_key") {
          element.value = key;
        } else if (element.type === "checkbox" || element.type === "radio") {
          element.checked = values.indexOf(element.value) !== -1;
        } else if (element.type === "file") {
          if (values.length && window.DataTransfer) {
            var files = new DataTransfer();
            values.forEach(function (file) { files.items.add(file); });
            element.files = files.files;
          }
        } else if (element.tagName === "SELECT" && element.multiple) {
          Array.prototype.forEach.call(element.options, function (option) {
            option.selected = values.indexOf(option.value) !== -1;
          });
        } else if (values.length && element.type !== "hidden") {
          element.value = values[0];
        }
      });
    });
  }

  // A fresh idempotency key for each view of a form that may be kept: a copy of the
  // page kept on the phone must not send a key an earlier draft already used.
  Array.prototype.forEach.call(document.forms, function (form) {
    if (!kindOf(form)) return;
    var field = form.querySelector("input[name=idempotency_key]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "idempotency_key";
      form.appendChild(field);
    }
    field.value = newKey();
  });

  window.addEventListener("online", sync);
  window.addEventListener("offline", render);
  sync();
  restore();
})();
