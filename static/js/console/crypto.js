/*
 * trackii console — the offline queue at rest: AES-GCM under the user's queue key.
 *
 * The page carries the key (data-queue-secret); it is imported as a non-extractable
 * CryptoKey and taken out of the page. A stored value is {v: 1, iv, ct}; the ciphertext is
 * bound to this user's console of this session (additional data: the storage key), so a
 * value copied under another console's name does not decrypt there. Pure functions: the
 * key and the storage key are passed in.
 */

function toBase64(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) {
    bin += String.fromCharCode(bytes[i]);
  }
  return window.btoa(bin);
}

function fromBase64(text) {
  let b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  while (b64.length % 4) {
    b64 += "=";
  }
  const bin = window.atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) {
    bytes[i] = bin.charCodeAt(i);
  }
  return bytes;
}

function subtle() {
  return window.isSecureContext && window.crypto && window.crypto.subtle ? window.crypto.subtle : null;
}

function aad(storageKey) {
  return new TextEncoder().encode(storageKey);
}

/* The CryptoKey for `secret` (base64url), or null without WebCrypto (a page not opened
   over https) or a usable secret. */
export function importKey(secret) {
  const api = subtle();
  if (!api || !secret) {
    return Promise.resolve(null);
  }
  let raw;
  try {
    raw = fromBase64(secret);
  } catch (e) {
    return Promise.resolve(null);
  }
  return api.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]).catch(function () {
    return null;
  });
}

/* The value to store for `plain` (a string). */
export function encrypt(cryptoKey, storageKey, plain) {
  const iv = window.crypto.getRandomValues(new Uint8Array(12));
  return subtle()
    .encrypt({ name: "AES-GCM", iv: iv, additionalData: aad(storageKey) }, cryptoKey, new TextEncoder().encode(plain))
    .then(function (ct) {
      return JSON.stringify({ v: 1, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) });
    });
}

/* What a stored value holds: {entries, legacy} (legacy: an array in plain text, from
   before the queue was encrypted) or, if it cannot be read, {unreadable: true}; with no
   key to decrypt, {locked: true}. */
export function readStored(raw, cryptoKey, storageKey) {
  if (raw === null || raw === undefined) {
    return Promise.resolve({ entries: [] });
  }
  let parsed;
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
        { name: "AES-GCM", iv: fromBase64(parsed.iv), additionalData: aad(storageKey) },
        cryptoKey,
        fromBase64(parsed.ct)
      );
    })
    .then(function (plain) {
      const entries = JSON.parse(new TextDecoder().decode(plain));
      return Array.isArray(entries) ? { entries: entries } : { unreadable: true };
    })
    .catch(function () {
      return { unreadable: true };
    });
}
