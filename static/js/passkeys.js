/*
 * trackii — passkeys (WebAuthn): adding one on the account page, using one at the second
 * step of a login. Loaded only on those pages; without it (or without WebAuthn in the
 * browser) the code form keeps working.
 *
 * The options come from the server (POST, with the page's CSRF token); the server keeps the
 * challenge in the session and checks the answer. The credential goes back in a hidden field
 * of an ordinary form, so errors and redirects are plain pages. Served from 'self' under a
 * strict CSP: no inline handlers, no eval.
 */
(function () {
  "use strict";

  // --- base64url <-> ArrayBuffer, by hand -------------------------------------------

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    var text = window.atob(base64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return window.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      var copy = { type: item.type, id: toBytes(item.id) };
      if (item.transports) {
        copy.transports = item.transports;
      }
      return copy;
    });
  }

  // --- Talking to the server ----------------------------------------------------------

  function fetchOptions(form) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    return window
      .fetch(form.getAttribute("data-options-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("options " + response.status);
        }
        return response.json();
      });
  }

  function showError(form, text) {
    var box = form.querySelector("[data-passkey-error]");
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  }

  // The messages are in the page (translated there), on the error box's data attributes.
  function explain(form, error) {
    var box = form.querySelector("[data-passkey-error]");
    var kind = "failed";
    if (error && error.name === "NotAllowedError") {
      kind = "cancelled";
    } else if (error && error.name === "InvalidStateError") {
      kind = "registered";
    } else if (error && error.message === "options 403") {
      kind = "expired";
    } else if (error && error.message === "no name") {
      kind = "name";
    }
    return box.getAttribute("data-" + kind) || box.getAttribute("data-failed");
  }

  function handle(form, run) {
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      var box = form.querySelector("[data-passkey-error]");
      if (box) {
        box.hidden = true;
      }
      run(form)
        .then(function (credential) {
          form.querySelector("input[name=credential]").value = JSON.stringify(credential);
          form.submit();
        })
        .catch(function (error) {
          busy = false;
          showError(form, explain(form, error));
        });
    });
  }

  // --- Adding a passkey -----------------------------------------------------------------

  /* A credential as the server reads it (WebAuthn's JSON form): the fields every
     credential has, and `fields` of its response beside clientDataJSON. */
  function asJSON(credential, fields) {
    var response = { clientDataJSON: toBase64url(credential.response.clientDataJSON) };
    Object.keys(fields).forEach(function (key) {
      response[key] = fields[key];
    });
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response,
    };
  }

  function register(form) {
    var name = form.querySelector("input[name=name]");
    if (name && !name.value.trim()) {
      name.focus();
      return Promise.reject(new Error("no name"));
    }
    return fetchOptions(form).then(function (options) {
      options.challenge = toBytes(options.challenge);
      options.user.id = toBytes(options.user.id);
      options.excludeCredentials = descriptors(options.excludeCredentials);
      return navigator.credentials.create({ publicKey: options }).then(function (credential) {
        var response = credential.response;
        return asJSON(credential, {
          attestationObject: toBase64url(response.attestationObject),
          transports: response.getTransports ? response.getTransports() : [],
        });
      });
    });
  }

  // --- Logging in with one ----------------------------------------------------------------

  function authenticate(form) {
    return fetchOptions(form).then(function (options) {
      options.challenge = toBytes(options.challenge);
      options.allowCredentials = descriptors(options.allowCredentials);
      return navigator.credentials.get({ publicKey: options }).then(function (credential) {
        var response = credential.response;
        return asJSON(credential, {
          authenticatorData: toBase64url(response.authenticatorData),
          signature: toBase64url(response.signature),
          userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
        });
      });
    });
  }

  function start() {
    if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) {
      return; // the code form stays the way to log in; adding says why it cannot
    }
    var registerForm = document.querySelector("form[data-passkey-register]");
    if (registerForm) {
      handle(registerForm, register);
    }
    var loginForm = document.querySelector("form[data-passkey-login]");
    if (loginForm) {
      handle(loginForm, authenticate);
      var area = document.querySelector("[data-passkey-area]");
      if (area) {
        area.hidden = false;
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
