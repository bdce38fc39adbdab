/*
 * trackii — the live console of a session (docs/facilitation.md).
 *
 * - Quick entry: Enter saves (Shift+Enter for a new line), Alt+N / Alt+T / Alt+O pick the
 *   kind. Every entry goes into a queue kept in localStorage first, with a UUID of its own
 *   (client_key), and is sent from there; the box is emptied and focused at once.
 * - The queue is sent in order; an entry leaves it only when the server has stored it
 *   (201) or finds it already stored (200: a retry of a request whose answer was lost).
 *   Refused entries (422) stay, with the reasons, until put back in the box or discarded.
 *   Network errors, expired logins and server errors keep the entry for a later try
 *   (on the "online" event and every few seconds).
 * - Live: every second, the console asks for what changed since the revision it has; the
 *   answer is empty (204) when nothing did. Changed entries replace their old version by
 *   id, new ones go in their place in their list (newest first). An entry being edited here is never replaced;
 *   it is marked as changed elsewhere, and saving it then shows both versions (409).
 *   Entries that left the console (made restricted by someone else, say) are taken away.
 *
 * - Edits, option moves and stances saved while offline are kept in the same queue (with
 *   the version or state they started from) and sent when the connection returns.
 * - At rest the queue is encrypted: AES-GCM under the user's queue key, which the page
 *   carries (data-queue-secret) and which is imported as a non-extractable key, then taken
 *   out of the page. localStorage holds {v: 1, iv, ct} only. Writes are chained, so an older
 *   one never lands after a newer one; the queue in memory is what counts while the page
 *   is open. A queue stored in plain text by earlier versions is read, then rewritten
 *   encrypted. One that cannot be read is set aside (not deleted), and the console says so.
 *   Without WebCrypto (a page not opened over https) the queue lives in the page only,
 *   with a warning: it is never stored in plain text.
 *
 * Without this script the page still works: forms post and the page reloads.
 * Served under a strict CSP: no inline handlers, no eval, no inline styles.
 */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var RETRY_MS = 5000;

  var root = document.getElementById("console");
  if (!root) {
    return;
  }
  var form = document.getElementById("quick-entry");
  var pollUrl = root.getAttribute("data-poll-url");
  var revision = parseInt(root.getAttribute("data-revision"), 10) || 0;
  var storageKey = "trackii.console." + root.getAttribute("data-queue-key");
  // The key leaves the page at once; only the imported, non-extractable CryptoKey stays.
  var secret = root.getAttribute("data-queue-secret") || "";
  root.removeAttribute("data-queue-secret");
  var cryptoKey = null; // set once imported; null: the queue is kept in this page only
  var loaded = false; // the stored queue has been read: writes and sending may start
  var writes = Promise.resolve(); // the chain that orders writes to localStorage
  var legacyKeys = null; // entries read from a plain-text queue while unable to encrypt
  var queue = [];
  var sending = false;
  var polling = false;
  var pollAgain = false;
  var problem = "";
  var editingId = null;
  var earlierAfter = null;

  function msg(name, values) {
    var text = root.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  function csrfToken() {
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      return headers["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context; getRandomValues does not.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function isOffline() {
    return navigator.onLine === false;
  }

  /* ------------------------------------------------------------ the queue */

  function toBase64(bytes) {
    var bin = "";
    for (var i = 0; i < bytes.length; i++) {
      bin += String.fromCharCode(bytes[i]);
    }
    return window.btoa(bin);
  }

  function fromBase64(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) {
      b64 += "=";
    }
    var bin = window.atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      bytes[i] = bin.charCodeAt(i);
    }
    return bytes;
  }

  function subtle() {
    return window.isSecureContext && window.crypto && window.crypto.subtle ? window.crypto.subtle : null;
  }

  /* The ciphertext is bound to this user's console of this session (additional data), so a
     value copied under another console's name does not decrypt there. */
  function aad() {
    return new TextEncoder().encode(storageKey);
  }

  function importKey() {
    var api = subtle();
    if (!api || !secret) {
      return Promise.resolve(null);
    }
    var raw;
    try {
      raw = fromBase64(secret);
    } catch (e) {
      return Promise.resolve(null);
    }
    secret = "";
    return api
      .importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
      .catch(function () {
        return null;
      });
  }

  function encrypt(plain) {
    var iv = window.crypto.getRandomValues(new Uint8Array(12));
    return subtle()
      .encrypt({ name: "AES-GCM", iv: iv, additionalData: aad() }, cryptoKey, new TextEncoder().encode(plain))
      .then(function (ct) {
        return JSON.stringify({ v: 1, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) });
      });
  }

  /* What a stored value holds: {entries, legacy} (legacy: an array in plain text, from
     before the queue was encrypted) or, if it cannot be read, {unreadable: true}; with no
     key to decrypt, {locked: true}. */
  function readStored(raw) {
    if (raw === null || raw === undefined) {
      return Promise.resolve({ entries: [] });
    }
    var parsed;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      return Promise.resolve({ unreadable: true });
    }
    if (Array.isArray(parsed)) {
      return Promise.resolve({ entries: parsed, legacy: true });
    }
    if (!parsed || parsed.v !== 1 || typeof parsed.iv !== "string" || typeof parsed.ct !== "string") {
      return Promise.resolve({ unreadable: true });
    }
    if (!cryptoKey) {
      return Promise.resolve({ locked: true });
    }
    return Promise.resolve()
      .then(function () {
        return subtle().decrypt(
          { name: "AES-GCM", iv: fromBase64(parsed.iv), additionalData: aad() },
          cryptoKey,
          fromBase64(parsed.ct)
        );
      })
      .then(function (plain) {
        var entries = JSON.parse(new TextDecoder().decode(plain));
        return Array.isArray(entries) ? { entries: entries } : { unreadable: true };
      })
      .catch(function () {
        return { unreadable: true };
      });
  }

  function storedValue() {
    try {
      return window.localStorage.getItem(storageKey);
    } catch (e) {
      return null;
    }
  }

  /* Keep a value that cannot be read under a name of its own, never overwriting one set
     aside before. Returns whether it is safely kept. */
  function setAside(raw) {
    try {
      for (var n = 1; n < 1000; n++) {
        var name = storageKey + ".unreadable." + n;
        if (window.localStorage.getItem(name) === null) {
          window.localStorage.setItem(name, raw);
          return true;
        }
      }
    } catch (e) {
      // Storage full or disabled.
    }
    return false;
  }

  function showStorageNotice(name) {
    var notice = document.getElementById("console-queue-storage");
    if (!notice) {
      return;
    }
    var lines = notice.textContent ? [notice.textContent] : [];
    lines.push(msg(name));
    notice.textContent = lines.join(" ");
    notice.hidden = false;
  }

  /* Read the stored queue once, at start. Entries typed meanwhile stay, after it. */
  function loadQueue() {
    return importKey()
      .then(function (key) {
        cryptoKey = key;
        var raw = storedValue();
        return readStored(raw).then(function (stored) {
          if (stored.unreadable && cryptoKey && !setAside(raw)) {
            cryptoKey = null; // never write over what could not be kept aside
          }
          if (!cryptoKey) {
            showStorageNotice("memory-only");
          }
          if (stored.unreadable) {
            showStorageNotice("unreadable");
          } else if (stored.locked) {
            // Encrypted, but this page cannot decrypt: left as it is for a page that can.
            showStorageNotice("unreadable-here");
          } else {
            if (!cryptoKey && stored.legacy) {
              legacyKeys = stored.entries.map(function (entry) {
                return entry.key;
              });
            }
            queue = stored.entries.concat(queue);
          }
        });
      })
      .catch(function () {
        cryptoKey = null;
        showStorageNotice("memory-only");
      })
      .then(function () {
        loaded = true;
        saveQueue();
        flush();
      });
  }

  /* Store the queue as it is now, after every write asked for before. */
  function persist() {
    if (!loaded) {
      return; // loadQueue writes once it has read what was stored
    }
    if (!cryptoKey) {
      // Never written in plain text. A plain-text queue left by earlier versions goes
      // once none of its entries is waiting here any more.
      var pending = legacyKeys && queue.some(function (entry) {
        return legacyKeys.indexOf(entry.key) !== -1;
      });
      if (legacyKeys && !pending) {
        legacyKeys = null;
        try {
          window.localStorage.removeItem(storageKey);
        } catch (e) {
          // Nothing to do: it will be read again next time.
        }
      }
      return;
    }
    var plain = queue.length ? JSON.stringify(queue) : null;
    writes = writes
      .then(function () {
        if (plain === null) {
          window.localStorage.removeItem(storageKey);
          return null;
        }
        return encrypt(plain).then(function (value) {
          window.localStorage.setItem(storageKey, value);
        });
      })
      .catch(function () {
        // Storage full or disabled: the queue lives on in this page only.
      });
  }

  function saveQueue() {
    persist();
    renderQueue();
  }

  function findEntry(key) {
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].key === key) {
        return queue[i];
      }
    }
    return null;
  }

  function removeEntry(key) {
    queue = queue.filter(function (entry) {
      return entry.key !== key;
    });
    saveQueue();
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "link-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function renderQueue() {
    var box = document.getElementById("console-queue");
    if (!box) {
      return;
    }
    var count = document.getElementById("console-queue-count");
    var list = document.getElementById("console-queue-list");
    var waiting = queue.filter(function (e) {
      return e.state === "waiting";
    }).length;
    var lines = [];
    if (waiting) {
      lines.push(waiting === 1 ? msg("waiting-one") : msg("waiting-many", { n: waiting }));
      if (isOffline()) {
        lines.push(msg("offline"));
      } else if (problem) {
        lines.push(msg(problem));
      }
    }
    count.textContent = lines.join(" ");
    list.textContent = "";
    queue.forEach(function (entry) {
      var li = document.createElement("li");
      li.className = "console-queue__item console-queue__item--" + entry.state;
      li.setAttribute("data-key", entry.key);
      if (entry.state === "failed") {
        li.appendChild(document.createTextNode(msg("failed") + " " + (entry.errors || []).join(" ") + " "));
      }
      // <bdi>: typed text, isolated so a right-to-left entry cannot reorder the buttons.
      var text = document.createElement("bdi");
      text.className = "console-queue__text";
      text.textContent = entry.text.length > 140 ? entry.text.slice(0, 140) + "…" : entry.text;
      li.appendChild(text);
      if (entry.state === "failed") {
        if (entry.type !== "change") {
          li.appendChild(button(msg("restore"), function () { restore(entry.key); }));
        }
        li.appendChild(button(msg("discard"), function () { removeEntry(entry.key); }));
      }
      list.appendChild(li);
    });
    box.hidden = queue.length === 0;
  }

  /* Put a refused entry back in the box, to correct it and save again. */
  function restore(key) {
    var entry = findEntry(key);
    var text = form && form.elements.namedItem("text");
    if (!entry || !text) {
      return;
    }
    if (text.value.trim()) {
      document.getElementById("console-queue-count").textContent = msg("box-busy");
      text.focus();
      return;
    }
    entry.fields.forEach(function (pair) {
      var field = form.elements.namedItem(pair[0]);
      if (!field || pair[0] === "client_key") {
        return;
      }
      if (field instanceof RadioNodeList || (field.length && field.tagName !== "SELECT")) {
        Array.prototype.forEach.call(field, function (radio) {
          radio.checked = radio.value === pair[1];
        });
      } else {
        field.value = pair[1];
      }
    });
    form.elements.namedItem("client_key").value = uuid4();
    removeEntry(key);
    text.focus();
  }

  function flush() {
    if (sending || !loaded) {
      return;
    }
    var next = null;
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].state === "waiting" && (queue[i].url || form)) {
        next = queue[i];
        break;
      }
    }
    if (!next) {
      return;
    }
    if (isOffline()) {
      renderQueue();
      return;
    }
    sending = true;
    var body = new URLSearchParams();
    next.fields.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    fetch(next.url || form.getAttribute("action"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "X-CSRFToken": csrfToken(),
        "X-Trackii-Queue": "1",
        Accept: "application/json"
      }
    })
      .then(function (response) {
        if (response.status === 201 || response.status === 200) {
          problem = "";
          removeEntry(next.key);
          settleChange(next);
          sending = false;
          poll();
          flush();
          return null;
        }
        if (next.type === "change" && response.status === 404) {
          // The entry is gone from this console meanwhile (made restricted, say).
          var gone = findEntry(next.key);
          if (gone) {
            gone.state = "failed";
            gone.errors = [msg("gone")];
          }
          problem = "";
          sending = false;
          saveQueue();
          flush();
          return null;
        }
        if (response.status === 422 || (next.type === "change" && response.status === 409)) {
          return response.json().then(function (data) {
            var entry = findEntry(next.key);
            if (entry) {
              entry.state = "failed";
              entry.errors = data.errors || [];
            }
            problem = "";
            sending = false;
            saveQueue();
            flush();
          });
        }
        // An expired login (a redirect to the login page), a stale page (CSRF) or a server
        // error: keep the entry and try again later.
        problem = response.type === "opaqueredirect" || response.status === 403 ? "login" : "server";
        sending = false;
        renderQueue();
        return null;
      })
      .catch(function () {
        sending = false;
        renderQueue();
      });
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = form.elements.namedItem("text");
    if (!text.value.trim()) {
      document.getElementById("console-queue-count").textContent = msg("empty");
      document.getElementById("console-queue").hidden = false;
      text.focus();
      return;
    }
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        fields.push([name, String(value)]);
      }
    });
    var key = form.elements.namedItem("client_key").value || uuid4();
    queue.push({ key: key, fields: fields, text: text.value.trim(), state: "waiting", errors: [] });
    saveQueue();
    // Back to the defaults (kind and level too: a raised or lowered level must be chosen
    // again for each entry), with a fresh key for the next entry.
    form.reset();
    form.elements.namedItem("client_key").value = uuid4();
    clearFormErrors();
    text.focus();
    flush();
  }

  function clearFormErrors() {
    var errors = form.querySelector(".form-errors");
    if (errors) {
      errors.remove();
    }
  }

  /* ------------------------------------------------------------ changes kept offline */

  /* An edit, a move or stances saved while offline is kept in the queue like a new entry
     and sent when the connection returns. The server answers JSON to queued changes: 200
     stored ("updated") or already stored ("exists": a retry whose answer was lost), 409
     changed by someone else meanwhile, 422 refused: the last two stay, marked "Not
     saved", with the reason. */
  function describe(editForm, fields) {
    var text = "";
    fields.forEach(function (pair) {
      if (!text && (pair[0] === "text" || pair[0] === "title" || pair[0] === "observed" || pair[0] === "reason")) {
        text = pair[1];
      }
    });
    var target = editForm.querySelector("select[name=to_state]");
    if (target && target.selectedIndex >= 0) {
      text = target.options[target.selectedIndex].text + (text ? ": " + text : "");
    }
    return msg("change") + " " + (text || msg("change-stances"));
  }

  function keepChange(editForm, item) {
    var fields = [];
    new FormData(editForm).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        fields.push([name, String(value)]);
      }
    });
    queue.push({
      key: uuid4(),
      type: "change",
      url: editForm.getAttribute("action"),
      target: item.id,
      fields: fields,
      text: describe(editForm, fields),
      state: "waiting",
      errors: []
    });
    saveQueue();
    Array.prototype.forEach.call(editForm.querySelectorAll("button[type=submit]"), function (b) {
      b.disabled = true;
    });
    var note = document.createElement("p");
    note.className = "console-kept message message--info";
    note.setAttribute("role", "status");
    note.textContent = msg("kept");
    editForm.parentNode.insertBefore(note, editForm.nextSibling);
  }

  function editingFormOf(target) {
    var item = target && target.closest && target.closest(".console-item--editing");
    return item && root.contains(item) ? item : null;
  }

  function onEditSubmit(event) {
    var item = editingFormOf(event.target);
    if (!item || !isOffline()) {
      return;
    }
    // Offline: keep it here instead of letting htmx try (and fail).
    event.preventDefault();
    event.stopPropagation();
    keepChange(event.target, item);
  }

  function onSendError(event) {
    var elt = event.detail && event.detail.elt;
    var item = elt && elt.tagName === "FORM" ? editingFormOf(elt) : null;
    if (item) {
      keepChange(elt, item);
    }
  }

  /* A kept change is stored: let the next poll put the entry, as it now is, in place of
     the editor. */
  function settleChange(entry) {
    var item = entry.type === "change" && document.getElementById(entry.target);
    if (item && item.querySelector(".console-kept")) {
      item.removeAttribute("data-editing");
    }
  }

  var KIND_KEYS = { KeyN: "note", KeyT: "step", KeyO: "option" };

  function onKeyDown(event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && KIND_KEYS[event.code]) {
      var kind = KIND_KEYS[event.code];
      Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (radio) {
        radio.checked = radio.value === kind;
      });
      event.preventDefault();
      return;
    }
    var target = event.target;
    if (
      target.name === "text" &&
      event.key === "Enter" &&
      !event.shiftKey &&
      !event.altKey &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.isComposing
    ) {
      event.preventDefault();
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        onSubmit(event);
      }
    }
  }

  /* ------------------------------------------------------------ live updates */

  function setLive(ok) {
    var live = document.getElementById("console-live");
    var state = ok ? "true" : "false";
    if (live && live.getAttribute("data-live") === "reload") {
      return; // stays until the page is reloaded
    }
    if (live && live.getAttribute("data-live") !== state) {
      live.setAttribute("data-live", state);
      live.textContent = ok ? msg("live") : msg(isOffline() ? "offline" : "not-live");
    }
  }

  function markStale(existing, why) {
    if (existing.querySelector(".console-stale")) {
      return;
    }
    var note = document.createElement("p");
    note.className = "console-stale form-errors";
    note.setAttribute("role", "alert");
    note.textContent = msg(why || "stale");
    existing.insertBefore(note, existing.firstChild);
  }

  /* Entries that left this console (made restricted by someone else, deleted, moved to
     another session): taken away, unless open in an editor here, which is marked. */
  function removeGone(ids) {
    ids.split(" ").forEach(function (id) {
      var existing = id && document.getElementById(id);
      if (!existing || !existing.classList.contains("console-item")) {
        return;
      }
      if (existing.hasAttribute("data-editing")) {
        markStale(existing, "gone");
        return;
      }
      existing.remove();
    });
  }

  function idNumber(el) {
    return parseInt(el.id.split("-")[1], 10) || 0;
  }

  /* Put an entry this console does not show yet in its place: lists are newest first (by
     id). One older than every entry shown is left out while "Show earlier" is there to
     load it; otherwise it goes at the end. Returns whether it was placed. */
  function place(list, el) {
    var n = idNumber(el);
    var items = list.querySelectorAll(":scope > .console-item");
    for (var i = 0; i < items.length; i++) {
      if (idNumber(items[i]) < n) {
        list.insertBefore(el, items[i]);
        return true;
      }
    }
    if (list.querySelector(":scope > .console-more")) {
      return false;
    }
    list.appendChild(el);
    return true;
  }

  function apply(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    Array.prototype.slice.call(template.content.children).forEach(function (el) {
      if (!el.id) {
        return;
      }
      if (el.id === "console-removed") {
        removeGone(el.getAttribute("data-ids") || "");
        return;
      }
      var existing = document.getElementById(el.id);
      if (existing) {
        if (existing.hasAttribute("data-editing")) {
          if (existing.getAttribute("data-version") !== el.getAttribute("data-version")) {
            markStale(existing);
          }
          return;
        }
        existing.replaceWith(el);
      } else {
        var list = el.getAttribute("data-list") && document.getElementById("console-" + el.getAttribute("data-list"));
        if (!list || !place(list, el)) {
          return;
        }
        el.classList.add("console-item--new");
      }
      if (window.htmx) {
        window.htmx.process(el);
      }
    });
  }

  function poll() {
    if (polling) {
      pollAgain = true;
      return;
    }
    if (isOffline()) {
      setLive(false);
      return;
    }
    polling = true;
    fetch(pollUrl + "?since=" + revision, {
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: { "X-Trackii-Poll": "1" }
    })
      .then(function (response) {
        if (response.status === 204) {
          setLive(true);
          return null;
        }
        var next = parseInt(response.headers.get("X-Console-Revision"), 10);
        if (response.status === 205 && !isNaN(next)) {
          // Too much changed to send at once: say so, and go on from the new revision.
          revision = Math.max(revision, next);
          var live = document.getElementById("console-live");
          if (live) {
            live.setAttribute("data-live", "reload");
            live.textContent = msg("reload");
          }
          return null;
        }
        if (response.status !== 200 || isNaN(next)) {
          setLive(false);
          return null;
        }
        return response.text().then(function (html) {
          apply(html);
          revision = Math.max(revision, next);
          setLive(true);
        });
      })
      .catch(function () {
        setLive(false);
      })
      .then(function () {
        polling = false;
        if (pollAgain) {
          pollAgain = false;
          poll();
        }
      });
  }

  /* ------------------------------------------------------------ inline edits (htmx) */

  function onBeforeSwap(event) {
    var detail = event.detail || {};
    var status = detail.xhr ? detail.xhr.status : 0;
    // A conflict (409) or a refused edit (422) comes back as the editor to show.
    if ((status === 409 || status === 422) && root.contains(detail.elt)) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  }

  function onBeforeRequest(event) {
    var elt = event.detail && event.detail.elt;
    var item = elt && elt.closest(".console-item");
    editingId = item ? item.id : null;
    // "Show earlier": after the older entries arrive, the first of them gets the focus.
    var more = elt && elt.closest(".console-more");
    earlierAfter = more ? more.previousElementSibling : null;
  }

  function onAfterSettle() {
    if (!earlierAfter) {
      return;
    }
    var first = earlierAfter.nextElementSibling;
    earlierAfter = null;
    if (first && first.classList.contains("console-item")) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
  }

  function onLoad(event) {
    var el = event.target;
    if (!el || !el.id || el.id !== editingId) {
      return;
    }
    var focusable = el.hasAttribute("data-editing")
      ? el.querySelector("textarea, input:not([type=hidden]), select")
      : el.querySelector(".console-edit");
    if (focusable) {
      focusable.focus();
    }
  }

  /* Logging out clears this site's storage (Clear-Site-Data), the queue included: ask
     first while entries are not saved yet. */
  function onLogoutSubmit(event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-logout") || !queue.length) {
      return;
    }
    if (!window.confirm(msg("logout", { n: queue.length }))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }

  /* ------------------------------------------------------------ start */

  function init() {
    if (form) {
      form.addEventListener("submit", onSubmit);
      form.addEventListener("keydown", onKeyDown);
    }
    document.addEventListener("submit", onLogoutSubmit, true);
    document.addEventListener("submit", onEditSubmit, true);
    document.body.addEventListener("htmx:sendError", onSendError);
    document.body.addEventListener("htmx:beforeSwap", onBeforeSwap);
    document.body.addEventListener("htmx:beforeRequest", onBeforeRequest);
    document.body.addEventListener("htmx:load", onLoad);
    document.body.addEventListener("htmx:afterSettle", onAfterSettle);
    window.addEventListener("online", function () {
      flush();
      poll();
    });
    window.addEventListener("offline", function () {
      setLive(false);
      renderQueue();
    });
    // Another tab of the same console changed the queue.
    window.addEventListener("storage", function (event) {
      if (event.key !== storageKey || !loaded || !cryptoKey || sending) {
        return;
      }
      readStored(event.newValue).then(function (stored) {
        if (stored.entries && !stored.legacy && !sending) {
          queue = stored.entries;
          renderQueue();
        }
      });
    });
    renderQueue();
    loadQueue();
    window.setInterval(poll, POLL_MS);
    window.setInterval(flush, RETRY_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
