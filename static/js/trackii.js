/*
 * trackii — small, unobtrusive behaviour. Every page works without it.
 *
 * Served from 'self' under a strict CSP: no inline handlers, no eval, no
 * inline styles (state is shown with attributes and classes only).
 */
(function () {
  "use strict";

  /*
   * A table that is wider than its .table-wrap scrolls sideways inside it.
   * Keyboard users can only scroll a box they can focus, so while (and only
   * while) it overflows the wrapper becomes a focusable, named region; the
   * name comes from the table's caption. (WCAG 2.1.1, axe
   * "scrollable-region-focusable".)
   */
  function updateTableWrap(wrap) {
    var overflows = wrap.scrollWidth > wrap.clientWidth + 1;
    if (overflows) {
      if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("data-trackii-scroll", "");
      }
      if (!wrap.hasAttribute("role")) {
        var caption = wrap.querySelector("caption");
        var name = caption ? caption.textContent.trim() : "";
        if (name) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", name);
          wrap.setAttribute("data-trackii-region", "");
        }
      }
    } else {
      // Only undo what this script added, never markup from the template.
      if (wrap.hasAttribute("data-trackii-scroll")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("data-trackii-scroll");
      }
      if (wrap.hasAttribute("data-trackii-region")) {
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        wrap.removeAttribute("data-trackii-region");
      }
    }
  }

  function updateTableWraps(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var wraps = scope.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      updateTableWrap(wraps[i]);
    }
    if (scope !== document && scope.classList && scope.classList.contains("table-wrap")) {
      updateTableWrap(scope);
    }
  }

  var resizeTimer = null;
  function onResize() {
    if (resizeTimer) {
      window.clearTimeout(resizeTimer);
    }
    resizeTimer = window.setTimeout(function () {
      resizeTimer = null;
      updateTableWraps(document);
    }, 150);
  }

  /*
   * htmx: tell assistive technology that a region is being updated, and
   * re-check new content for wide tables.
   */
  function requestTarget(event) {
    var detail = event.detail || {};
    return detail.target || (detail.elt) || null;
  }

  function onBeforeRequest(event) {
    var target = requestTarget(event);
    if (target && target.setAttribute) {
      target.setAttribute("aria-busy", "true");
    }
  }

  function onAfterRequest(event) {
    var target = requestTarget(event);
    if (target && target.removeAttribute) {
      target.removeAttribute("aria-busy");
    }
  }

  function onLoad(event) {
    updateTableWraps(event.target || document);
    watchLengthLimits(event.target || document);
  }

  /*
   * A field's length limit. With a maxlength attribute the browser cuts pasted
   * text at the limit without a word, and the rest is lost. Instead the limit
   * moves to data-maxlength: nothing typed or pasted is cut, a message under
   * the field says how much is too long, and the server refuses the form with
   * its own message and the text kept.
   */
  function lengthMessage(field) {
    var id = field.id ? field.id + "-length" : "";
    var message = id ? document.getElementById(id) : null;
    if (!message) {
      message = document.createElement("p");
      message.className = "length-limit";
      message.setAttribute("aria-live", "polite");
      if (id) {
        message.id = id;
        var described = field.getAttribute("aria-describedby");
        field.setAttribute("aria-describedby", described ? described + " " + id : id);
      }
      field.insertAdjacentElement("afterend", message);
    }
    return message;
  }

  function checkLength(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var over = field.value.length - limit;
    if (over > 0) {
      lengthMessage(field).textContent = field.getAttribute("data-length-message")
        .replace("%(limit)s", limit).replace("%(over)s", over);
      field.setAttribute("aria-invalid", "true");
    } else if (field.hasAttribute("data-length-over")) {
      lengthMessage(field).textContent = "";
      field.removeAttribute("aria-invalid");
    }
    field.toggleAttribute("data-length-over", over > 0);
  }

  function watchLengthLimits(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var template = document.body.getAttribute("data-length-message");
    if (!template) {
      return;
    }
    var fields = scope.querySelectorAll("form input[maxlength], form textarea[maxlength]");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      field.setAttribute("data-maxlength", field.getAttribute("maxlength"));
      field.setAttribute("data-length-message", template);
      field.removeAttribute("maxlength");
      checkLength(field);
    }
  }

  function onLengthInput(event) {
    var field = event.target;
    if (field && field.hasAttribute && field.hasAttribute("data-maxlength")) {
      checkLength(field);
    }
  }

  /*
   * A form that fails validation answers 422 with the form, its errors and
   * everything the user typed. htmx swaps only 2xx answers by default; let a
   * 422 through so the fragment with the errors replaces the form.
   */
  function onBeforeSwap(event) {
    var detail = event.detail || {};
    if (detail.xhr && detail.xhr.status === 422) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  }

  /*
   * Pickers (trackii/privacy/pickers.py): without JavaScript the search box submits a
   * GET form of its own and the page comes back narrowed. With htmx, Enter and the
   * Search button ask for the matches in place instead, so nothing typed elsewhere in
   * the page is lost (typing does so by itself, see hx-trigger).
   */
  function pickerInput(el) {
    if (!el || !el.getAttribute) {
      return null;
    }
    if (el.hasAttribute("data-picker-input")) {
      return el;
    }
    if (el.hasAttribute("data-picker-button")) {
      var box = el.closest(".picker__search");
      return box ? box.querySelector("[data-picker-input]") : null;
    }
    return null;
  }

  function onPickerKeyDown(event) {
    var input = event.key === "Enter" ? pickerInput(event.target) : null;
    if (input && input === event.target && window.htmx) {
      event.preventDefault();
      window.htmx.trigger(input, "search");
    }
  }

  function onPickerClick(event) {
    var button = event.target && event.target.closest && event.target.closest("[data-picker-button]");
    var input = pickerInput(button);
    if (input && window.htmx) {
      event.preventDefault();
      window.htmx.trigger(input, "search");
    }
  }

  /*
   * The dialogue navigation's groups (<details data-nav-group>) behave like
   * menus: one open at a time, closed by Escape (focus back on its label) or
   * by a click elsewhere. Without this script they still open and close.
   */
  function navGroups() {
    return document.querySelectorAll("details[data-nav-group]");
  }

  function closeNavGroups(except) {
    navGroups().forEach(function (group) {
      if (group !== except) {
        group.open = false;
      }
    });
  }

  function onNavToggle(event) {
    var group = event.target;
    if (group.matches && group.matches("details[data-nav-group]") && group.open) {
      closeNavGroups(group);
    }
  }

  function onNavKeyDown(event) {
    if (event.key !== "Escape") {
      return;
    }
    var group = event.target.closest && event.target.closest("details[data-nav-group][open]");
    if (group) {
      group.open = false;
      group.querySelector("summary").focus();
    }
  }

  function onNavClick(event) {
    var inside = event.target.closest && event.target.closest("details[data-nav-group]");
    closeNavGroups(inside);
  }

  function init() {
    updateTableWraps(document);
    watchLengthLimits(document);
    document.addEventListener("input", onLengthInput);
    document.addEventListener("toggle", onNavToggle, true);
    document.addEventListener("keydown", onNavKeyDown);
    document.addEventListener("click", onNavClick);
    document.addEventListener("keydown", onPickerKeyDown);
    document.addEventListener("click", onPickerClick);
    window.addEventListener("resize", onResize);
    document.body.addEventListener("htmx:beforeRequest", onBeforeRequest);
    document.body.addEventListener("htmx:afterRequest", onAfterRequest);
    document.body.addEventListener("htmx:load", onLoad);
    document.body.addEventListener("htmx:beforeSwap", onBeforeSwap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
