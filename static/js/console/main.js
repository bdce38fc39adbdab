/*
 * trackii — the live console of a session (docs/facilitation.md): wiring.
 *
 * - Quick entry: Enter saves (Shift+Enter for a new line), Alt+N / Alt+T / Alt+O pick the
 *   kind. Entries and changes made offline go through the queue (queue.js), kept at rest
 *   encrypted (store.js, crypto.js).
 * - Live: polls for what changed (poll.js) and merges it into the page (merge.js).
 * - Inline edits with htmx (edits.js).
 *
 * The console's state is one object made here and passed to each module's functions;
 * no module keeps state of its own. Without this script the page still works: forms post
 * and the page reloads. Served under a strict CSP: no inline handlers, no eval, no inline
 * styles.
 */
import { msg } from "./dom.js";
import { onAfterSettle, onBeforeRequest, onBeforeSwap, onEditSubmit, onLoad, onSendError } from "./edits.js";
import { POLL_MS, poll, setLive } from "./poll.js";
import { flush, onSubmit, renderQueue, saveQueue } from "./queue.js";
import { loadQueue, readOtherTab, storeState } from "./store.js";

const RETRY_MS = 5000;

const KIND_KEYS = { KeyN: "note", KeyT: "step", KeyO: "option" };

function consoleState(root) {
  return {
    root: root,
    form: document.getElementById("quick-entry"),
    pollUrl: root.getAttribute("data-poll-url"),
    revision: parseInt(root.getAttribute("data-revision"), 10) || 0,
    store: storeState("trackii.console." + root.getAttribute("data-queue-key")),
    queue: [], // entries and changes not stored yet, oldest first
    sending: false, // one of them is on its way
    problem: "", // why sending stopped: "login", "server" or ""
    polling: false,
    pollAgain: false,
    editingId: null, // the entry whose editor htmx is loading
    earlierAfter: null // the last entry before "Show earlier", while it loads
  };
}

function onKeyDown(state, event) {
  const form = state.form;
  if (event.altKey && !event.ctrlKey && !event.metaKey && KIND_KEYS[event.code]) {
    const kind = KIND_KEYS[event.code];
    Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (radio) {
      radio.checked = radio.value === kind;
    });
    event.preventDefault();
    return;
  }
  const target = event.target;
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
      onSubmit(state, event);
    }
  }
}

/* Logging out clears this site's storage (Clear-Site-Data), the queue included: ask
   first while entries are not saved yet. */
function onLogoutSubmit(state, event) {
  if (!event.target.hasAttribute || !event.target.hasAttribute("data-logout") || !state.queue.length) {
    return;
  }
  if (!window.confirm(msg(state.root, "logout", { n: state.queue.length }))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}

function start(root) {
  // The key leaves the page at once; only the imported, non-extractable CryptoKey stays.
  const secret = root.getAttribute("data-queue-secret") || "";
  root.removeAttribute("data-queue-secret");
  const state = consoleState(root);
  const on = function (handler) {
    return function (event) {
      handler(state, event);
    };
  };
  if (state.form) {
    state.form.addEventListener("submit", on(onSubmit));
    state.form.addEventListener("keydown", on(onKeyDown));
  }
  document.addEventListener("submit", on(onLogoutSubmit), true);
  document.addEventListener("submit", on(onEditSubmit), true);
  document.body.addEventListener("htmx:sendError", on(onSendError));
  document.body.addEventListener("htmx:beforeSwap", on(onBeforeSwap));
  document.body.addEventListener("htmx:beforeRequest", on(onBeforeRequest));
  document.body.addEventListener("htmx:load", on(onLoad));
  document.body.addEventListener("htmx:afterSettle", on(onAfterSettle));
  window.addEventListener("online", function () {
    flush(state);
    poll(state);
  });
  window.addEventListener("offline", function () {
    setLive(state, false);
    renderQueue(state);
  });
  // Another tab of the same console changed the queue.
  window.addEventListener("storage", function (event) {
    readOtherTab(state, event).then(function (entries) {
      if (entries && !state.sending) {
        state.queue = entries;
        renderQueue(state);
      }
    });
  });
  renderQueue(state);
  loadQueue(state, secret).then(function () {
    saveQueue(state);
    flush(state);
  });
  window.setInterval(function () {
    poll(state);
  }, POLL_MS);
  window.setInterval(function () {
    flush(state);
  }, RETRY_MS);
}

// A module runs once the page is parsed.
const root = document.getElementById("console");
if (root) {
  start(root);
}
