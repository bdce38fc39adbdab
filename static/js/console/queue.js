/*
 * trackii console — the offline queue and its replay.
 *
 * Every entry goes into the queue first (state.queue), with a UUID of its own
 * (client_key), and is sent from there, in order; an entry leaves it only when the server
 * has stored it (201) or finds it already stored (200: a retry of a request whose answer
 * was lost). Refused entries (422) stay, with the reasons, until put back in the box or
 * discarded. Network errors, expired logins and server errors keep the entry for a later
 * try. Edits, option moves and stances saved while offline are kept in the same queue
 * (with the version or state they started from): 200 stored ("updated") or already
 * stored ("exists"), 409 changed by someone else meanwhile, 422 refused.
 */
import { button, csrfToken, formFields, isOffline, msg, uuid4 } from "./dom.js";
import { poll } from "./poll.js";
import { persist } from "./store.js";

function findEntry(state, key) {
  return state.queue.find(function (entry) {
    return entry.key === key;
  }) || null;
}

export function saveQueue(state) {
  persist(state);
  renderQueue(state);
}

function removeEntry(state, key) {
  state.queue = state.queue.filter(function (entry) {
    return entry.key !== key;
  });
  saveQueue(state);
}

export function renderQueue(state) {
  const box = document.getElementById("console-queue");
  if (!box) {
    return;
  }
  const count = document.getElementById("console-queue-count");
  const list = document.getElementById("console-queue-list");
  const waiting = state.queue.filter(function (e) {
    return e.state === "waiting";
  }).length;
  const lines = [];
  if (waiting) {
    lines.push(waiting === 1 ? msg(state.root, "waiting-one") : msg(state.root, "waiting-many", { n: waiting }));
    if (isOffline()) {
      lines.push(msg(state.root, "offline"));
    } else if (state.problem) {
      lines.push(msg(state.root, state.problem));
    }
  }
  count.textContent = lines.join(" ");
  list.textContent = "";
  state.queue.forEach(function (entry) {
    const li = document.createElement("li");
    li.className = "console-queue__item console-queue__item--" + entry.state;
    li.setAttribute("data-key", entry.key);
    if (entry.state === "failed") {
      li.appendChild(document.createTextNode(msg(state.root, "failed") + " " + (entry.errors || []).join(" ") + " "));
    }
    // <bdi>: typed text, isolated so a right-to-left entry cannot reorder the buttons.
    const text = document.createElement("bdi");
    text.className = "console-queue__text";
    text.textContent = entry.text.length > 140 ? entry.text.slice(0, 140) + "…" : entry.text;
    li.appendChild(text);
    if (entry.state === "failed") {
      if (entry.type !== "change") {
        li.appendChild(
          button(msg(state.root, "restore"), function () {
            restore(state, entry.key);
          })
        );
      }
      li.appendChild(
        button(msg(state.root, "discard"), function () {
          removeEntry(state, entry.key);
        })
      );
    }
    list.appendChild(li);
  });
  box.hidden = state.queue.length === 0;
}

/* Put a refused entry back in the box, to correct it and save again. */
function restore(state, key) {
  const form = state.form;
  const entry = findEntry(state, key);
  const text = form && form.elements.namedItem("text");
  if (!entry || !text) {
    return;
  }
  if (text.value.trim()) {
    document.getElementById("console-queue-count").textContent = msg(state.root, "box-busy");
    text.focus();
    return;
  }
  entry.fields.forEach(function (pair) {
    const field = form.elements.namedItem(pair[0]);
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
  removeEntry(state, key);
  text.focus();
}

function markFailed(state, key, errors) {
  const entry = findEntry(state, key);
  if (entry) {
    entry.state = "failed";
    entry.errors = errors;
  }
  state.problem = "";
  state.sending = false;
  saveQueue(state);
  flush(state);
}

/* A kept change is stored: let the next poll put the entry, as it now is, in place of
   the editor. */
function settleChange(entry) {
  const item = entry.type === "change" && document.getElementById(entry.target);
  if (item && item.querySelector(".console-kept")) {
    item.removeAttribute("data-editing");
  }
}

/* Send the first waiting entry, then the next, until none waits or one cannot be sent. */
export function flush(state) {
  if (state.sending || !state.store.loaded) {
    return;
  }
  const next = state.queue.find(function (entry) {
    return entry.state === "waiting" && (entry.url || state.form);
  });
  if (!next) {
    return;
  }
  if (isOffline()) {
    renderQueue(state);
    return;
  }
  state.sending = true;
  const body = new URLSearchParams();
  next.fields.forEach(function (pair) {
    body.append(pair[0], pair[1]);
  });
  fetch(next.url || state.form.getAttribute("action"), {
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
        state.problem = "";
        removeEntry(state, next.key);
        settleChange(next);
        state.sending = false;
        poll(state);
        flush(state);
        return null;
      }
      if (next.type === "change" && response.status === 404) {
        // The entry is gone from this console meanwhile (made restricted, say).
        markFailed(state, next.key, [msg(state.root, "gone")]);
        return null;
      }
      if (response.status === 422 || (next.type === "change" && response.status === 409)) {
        return response.json().then(function (data) {
          markFailed(state, next.key, data.errors || []);
        });
      }
      // An expired login (a redirect to the login page), a stale page (CSRF) or a server
      // error: keep the entry and try again later.
      state.problem = response.type === "opaqueredirect" || response.status === 403 ? "login" : "server";
      state.sending = false;
      renderQueue(state);
      return null;
    })
    .catch(function () {
      state.sending = false;
      renderQueue(state);
    });
}

function clearFormErrors(form) {
  const errors = form.querySelector(".form-errors");
  if (errors) {
    errors.remove();
  }
}

/* The quick-entry box is sent: queue its entry, empty the box, send. */
export function onSubmit(state, event) {
  const form = state.form;
  event.preventDefault();
  const text = form.elements.namedItem("text");
  if (!text.value.trim()) {
    document.getElementById("console-queue-count").textContent = msg(state.root, "empty");
    document.getElementById("console-queue").hidden = false;
    text.focus();
    return;
  }
  const fields = formFields(form);
  const key = form.elements.namedItem("client_key").value || uuid4();
  state.queue.push({ key: key, fields: fields, text: text.value.trim(), state: "waiting", errors: [] });
  saveQueue(state);
  // Back to the defaults (kind and level too: a raised or lowered level must be chosen
  // again for each entry), with a fresh key for the next entry.
  form.reset();
  form.elements.namedItem("client_key").value = uuid4();
  clearFormErrors(form);
  text.focus();
  flush(state);
}

function describe(state, editForm, fields) {
  let text = "";
  fields.forEach(function (pair) {
    if (!text && (pair[0] === "text" || pair[0] === "title" || pair[0] === "observed" || pair[0] === "reason")) {
      text = pair[1];
    }
  });
  const target = editForm.querySelector("select[name=to_state]");
  if (target && target.selectedIndex >= 0) {
    text = target.options[target.selectedIndex].text + (text ? ": " + text : "");
  }
  return msg(state.root, "change") + " " + (text || msg(state.root, "change-stances"));
}

/* An edit, a move or stances saved while offline: kept in the queue like a new entry and
   sent when the connection returns; the editor says so and cannot be sent twice. */
export function keepChange(state, editForm, item) {
  const fields = formFields(editForm);
  state.queue.push({
    key: uuid4(),
    type: "change",
    url: editForm.getAttribute("action"),
    target: item.id,
    fields: fields,
    text: describe(state, editForm, fields),
    state: "waiting",
    errors: []
  });
  saveQueue(state);
  Array.prototype.forEach.call(editForm.querySelectorAll("button[type=submit]"), function (b) {
    b.disabled = true;
  });
  const note = document.createElement("p");
  note.className = "console-kept message message--info";
  note.setAttribute("role", "status");
  note.textContent = msg(state.root, "kept");
  editForm.parentNode.insertBefore(note, editForm.nextSibling);
}
