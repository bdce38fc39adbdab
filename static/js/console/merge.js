/*
 * trackii console — merging a poll's answer into the page.
 *
 * Changed entries replace their old version by id; new ones go in their place in their
 * list (newest first, by id). An entry being edited here is never replaced: it is marked
 * as changed elsewhere, and saving it then shows both versions (409). Entries that left
 * the console (made restricted by someone else, say) are taken away. No state: the page
 * is the state.
 */
import { msg } from "./dom.js";

function markStale(root, existing, why) {
  if (existing.querySelector(".console-stale")) {
    return;
  }
  const note = document.createElement("p");
  note.className = "console-stale form-errors";
  note.setAttribute("role", "alert");
  note.textContent = msg(root, why || "stale");
  existing.insertBefore(note, existing.firstChild);
}

/* Entries that left this console (made restricted by someone else, deleted, moved to
   another session): taken away, unless open in an editor here, which is marked. */
function removeGone(root, ids) {
  ids.split(" ").forEach(function (id) {
    const existing = id && document.getElementById(id);
    if (!existing || !existing.classList.contains("console-item")) {
      return;
    }
    if (existing.hasAttribute("data-editing")) {
      markStale(root, existing, "gone");
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
  const n = idNumber(el);
  const items = list.querySelectorAll(":scope > .console-item");
  for (let i = 0; i < items.length; i++) {
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

/* Merge the poll's HTML (the console's #feed fragment) into the console `root`. */
export function apply(root, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  Array.prototype.slice.call(template.content.children).forEach(function (el) {
    if (!el.id) {
      return;
    }
    if (el.id === "console-removed") {
      removeGone(root, el.getAttribute("data-ids") || "");
      return;
    }
    const existing = document.getElementById(el.id);
    if (existing) {
      if (existing.hasAttribute("data-editing")) {
        if (existing.getAttribute("data-version") !== el.getAttribute("data-version")) {
          markStale(root, existing);
        }
        return;
      }
      existing.replaceWith(el);
    } else {
      const list = el.getAttribute("data-list") && document.getElementById("console-" + el.getAttribute("data-list"));
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
