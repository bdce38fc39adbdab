/*
 * trackii console — small page helpers with no state of their own.
 */

/* A message the page carries for the script (data-msg-<name> on #console), with {name}
   placeholders filled in. */
export function msg(root, name, values) {
  let text = root.getAttribute("data-msg-" + name) || "";
  Object.keys(values || {}).forEach(function (key) {
    text = text.split("{" + key + "}").join(values[key]);
  });
  return text;
}

export function csrfToken() {
  try {
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"] || "";
  } catch (e) {
    return "";
  }
}

export function uuid4() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.prototype.map
    .call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    })
    .join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

export function isOffline() {
  return navigator.onLine === false;
}

/* A form's fields as [name, value] pairs, without its CSRF token (sent as a header). */
export function formFields(form) {
  const fields = [];
  new FormData(form).forEach(function (value, name) {
    if (name !== "csrfmiddlewaretoken") {
      fields.push([name, String(value)]);
    }
  });
  return fields;
}

export function button(label, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "link-button";
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}
