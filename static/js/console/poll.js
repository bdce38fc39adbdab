/*
 * trackii console — live updates: every second, the console asks for what changed since
 * the revision it has (state.revision); the answer is empty (204) when nothing did, the
 * changed entries otherwise (merged by merge.js), 205 when too much changed to send.
 */
import { isOffline, msg } from "./dom.js";
import { apply } from "./merge.js";

export const POLL_MS = 1000;

export function setLive(state, ok) {
  const live = document.getElementById("console-live");
  const value = ok ? "true" : "false";
  if (live && live.getAttribute("data-live") === "reload") {
    return; // stays until the page is reloaded
  }
  if (live && live.getAttribute("data-live") !== value) {
    live.setAttribute("data-live", value);
    live.textContent = ok ? msg(state.root, "live") : msg(state.root, isOffline() ? "offline" : "not-live");
  }
}

/* Ask once; a call while a poll is on its way asks again right after it. */
export function poll(state) {
  if (state.polling) {
    state.pollAgain = true;
    return;
  }
  if (isOffline()) {
    setLive(state, false);
    return;
  }
  state.polling = true;
  fetch(state.pollUrl + "?since=" + state.revision, {
    credentials: "same-origin",
    redirect: "manual",
    cache: "no-store",
    headers: { "X-Trackii-Poll": "1" }
  })
    .then(function (response) {
      if (response.status === 204) {
        setLive(state, true);
        return null;
      }
      const next = parseInt(response.headers.get("X-Console-Revision"), 10);
      if (response.status === 205 && !isNaN(next)) {
        // Too much changed to send at once: say so, and go on from the new revision.
        state.revision = Math.max(state.revision, next);
        const live = document.getElementById("console-live");
        if (live) {
          live.setAttribute("data-live", "reload");
          live.textContent = msg(state.root, "reload");
        }
        return null;
      }
      if (response.status !== 200 || isNaN(next)) {
        setLive(state, false);
        return null;
      }
      return response.text().then(function (html) {
        apply(state.root, html);
        state.revision = Math.max(state.revision, next);
        setLive(state, true);
      });
    })
    .catch(function () {
      setLive(state, false);
    })
    .then(function () {
      state.polling = false;
      if (state.pollAgain) {
        state.pollAgain = false;
        poll(state);
      }
    });
}
