/*
 * trackii console — inline edits (htmx): an editor opened in place, a conflict (409) or a
 * refused edit (422) shown in it, the focus after a swap, and an edit saved offline kept
 * in the queue (queue.js) instead of lost.
 */
import { isOffline } from "./dom.js";
import { keepChange } from "./queue.js";

function editingFormOf(root, target) {
  const item = target && target.closest && target.closest(".console-item--editing");
  return item && root.contains(item) ? item : null;
}

export function onEditSubmit(state, event) {
  const item = editingFormOf(state.root, event.target);
  if (!item || !isOffline()) {
    return;
  }
  // Offline: keep it here instead of letting htmx try (and fail).
  event.preventDefault();
  event.stopPropagation();
  keepChange(state, event.target, item);
}

export function onSendError(state, event) {
  const elt = event.detail && event.detail.elt;
  const item = elt && elt.tagName === "FORM" ? editingFormOf(state.root, elt) : null;
  if (item) {
    keepChange(state, elt, item);
  }
}

export function onBeforeSwap(state, event) {
  const detail = event.detail || {};
  const status = detail.xhr ? detail.xhr.status : 0;
  // A conflict (409) or a refused edit (422) comes back as the editor to show.
  if ((status === 409 || status === 422) && state.root.contains(detail.elt)) {
    detail.shouldSwap = true;
    detail.isError = false;
  }
}

export function onBeforeRequest(state, event) {
  const elt = event.detail && event.detail.elt;
  const item = elt && elt.closest(".console-item");
  state.editingId = item ? item.id : null;
  // "Show earlier": after the older entries arrive, the first of them gets the focus.
  const more = elt && elt.closest(".console-more");
  state.earlierAfter = more ? more.previousElementSibling : null;
}

export function onAfterSettle(state) {
  if (!state.earlierAfter) {
    return;
  }
  const first = state.earlierAfter.nextElementSibling;
  state.earlierAfter = null;
  if (first && first.classList.contains("console-item")) {
    first.setAttribute("tabindex", "-1");
    first.focus();
  }
}

export function onLoad(state, event) {
  const el = event.target;
  if (!el || !el.id || el.id !== state.editingId) {
    return;
  }
  const focusable = el.hasAttribute("data-editing")
    ? el.querySelector("textarea, input:not([type=hidden]), select")
    : el.querySelector(".console-edit");
  if (focusable) {
    focusable.focus();
  }
}
