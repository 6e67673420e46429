/* Renda's service worker (plain JavaScript, no framework).
 *
 * Served at /sw.js by renda.pwa.views, which prepends `self.RENDA_SW`:
 *   version   changes with every deploy that changes the shell
 *   precache  the shell: CSS, htmx, pwa.js, icons, the offline page, the manifest
 *   offline   the page shown when a page is not kept and the network is gone
 *   pages     path patterns of the pages whose last-seen copy is kept (personal)
 *   logout    the log-out URL: posting to it drops the kept pages
 *   forms     the forms kept on the phone when their POST cannot reach the server
 *
 * Rules: static shell cache-first; kept pages network-first with the last copy
 * as the fallback; other pages network-only with the offline page as the
 * fallback; /api/, POSTs and anything not same-origin are never cached.
 * A POST of one of `forms` that fails on the network (the phone thinks it is
 * online, the signal is too weak) is kept in the drafts' store that pwa.js
 * sends from, with the form's idempotency key (pwa.js gives each page view a
 * fresh one), so that a POST whose answer was lost is not written twice.
 */
"use strict";

const CONFIG = self.RENDA_SW;
const SHELL = "renda-shell-" + CONFIG.version;
const PAGES = "renda-pages";
const PAGE_PATTERNS = CONFIG.pages.map((source) => new RegExp(source));
const FORMS = CONFIG.forms.map((form) => ({ ...form, pattern: new RegExp(form.path) }));
const META = "renda-meta";

function isKeptPage(url) {
  return url.search === "" && PAGE_PATTERNS.some((pattern) => pattern.test(url.pathname));
}

function keepable(response, url) {
  // Only a plain 200 of the page itself: never the log-in page a redirect led to.
  return (
    response.ok &&
    response.type === "basic" &&
    !response.redirected &&
    new URL(response.url).pathname === url.pathname
  );
}

async function keepPage(url) {
  const response = await fetch(url.href, { credentials: "same-origin" });
  if (keepable(response, url)) {
    const cache = await caches.open(PAGES);
    await cache.put(url.pathname, response);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(CONFIG.precache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("renda-shell-") && name !== SHELL) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
      // The page that installed the worker was loaded before it: keep it now.
      const windows = await self.clients.matchAll({ type: "window" });
      for (const client of windows) {
        const url = new URL(client.url);
        if (url.origin === self.location.origin && isKeptPage(url)) {
          await keepPage(url).catch(() => undefined);
        }
      }
    })()
  );
});

self.addEventListener("message", (event) => {
  // pwa.js says so when the page shows nobody signed in, or another user.
  if (event.data && event.data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    if (keepable(response, url)) {
      const copy = response.clone();
      const cache = await caches.open(PAGES);
      await cache.put(url.pathname, copy);
    }
    return response;
  } catch (error) {
    const kept = await caches.match(url.pathname, { cacheName: PAGES, ignoreVary: true });
    return kept || offlinePage();
  }
}

async function offlinePage() {
  const page = await caches.match(CONFIG.offline, { cacheName: SHELL, ignoreVary: true });
  return (
    page ||
    new Response("<h1>现在没有网络</h1>", {
      status: 503,
      headers: { "Content-Type": "text/html; charset=utf-8" },
    })
  );
}

async function shellFirst(request) {
  const kept = await caches.match(request, { cacheName: SHELL, ignoreVary: true });
  return kept || fetch(request);
}

// Drafts (the store pwa.js reads) ------------------------------------------------------

function openDrafts() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("renda", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("drafts", { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function keepDraft(draft) {
  const db = await openDrafts();
  await new Promise((resolve, reject) => {
    const transaction = db.transaction("drafts", "readwrite");
    transaction.objectStore("drafts").put(draft);
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
}

async function signedInUser() {
  // pwa.js writes the id of the user its page shows ("" for nobody).
  const kept = await caches.match("/__renda/user", { cacheName: META });
  return kept ? kept.text() : "";
}

async function postOrKeep(request, url, form) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const user = await signedInUser();
    if (!user) {
      return offlinePage();
    }
    const data = await copy.formData();
    const entries = [];
    let key = "";
    for (const [name, value] of data) {
      if (name === "idempotency_key") {
        key = value;
      } else if (name !== "csrfmiddlewaretoken" && (typeof value === "string" || value.name || value.size)) {
        entries.push([name, value]);
      }
    }
    const summary = form.summary
      .map((name) => String(data.get(name) || "").trim())
      .filter(Boolean)
      .join(" ")
      .slice(0, 60);
    await keepDraft({
      key: key || self.crypto.randomUUID(),
      user: user,
      action: url.pathname + url.search,
      label: form.label,
      summary: summary,
      entries: entries,
      savedAt: new Date().toISOString(),
      state: "pending",
      message: "",
    });
    // Back to the form (kept, or the offline page), where pwa.js shows the draft.
    return Response.redirect(url.href, 303);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && request.mode === "navigate") {
    const form = FORMS.find((candidate) => candidate.pattern.test(url.pathname));
    if (form) {
      event.respondWith(postOrKeep(request, url, form));
      return;
    }
  }
  if (request.method !== "GET") {
    if (request.method === "POST" && url.pathname === CONFIG.logout) {
      // Log-out: the next user of this phone must not see this one's pages.
      event.waitUntil(caches.delete(PAGES));
    }
    return; // POSTs go to the network as they are, never cached
  }
  if (url.pathname.startsWith("/api/")) {
    return;
  }
  if (CONFIG.precache.includes(url.pathname)) {
    event.respondWith(shellFirst(request));
    return;
  }
  if (request.mode === "navigate") {
    if (isKeptPage(url)) {
      event.respondWith(networkFirst(request, url));
    } else {
      event.respondWith(fetch(request).catch(() => offlinePage()));
    }
  }
});
