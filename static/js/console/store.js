/*
 * trackii console — where the offline queue is kept between visits: localStorage,
 * encrypted (crypto.js), never in plain text.
 *
 * Writes are chained (state.store.writes), so an older one never lands after a newer one;
 * the queue in memory (state.queue) is what counts while the page is open. A queue stored
 * in plain text by earlier versions is read, then rewritten encrypted. One that cannot be
 * read is set aside (not deleted), and the console says so. Without WebCrypto the queue
 * lives in the page only, with a warning.
 */
import { encrypt, importKey, readStored } from "./crypto.js";
import { msg } from "./dom.js";

/* This module's part of the console's state. */
export function storeState(storageKey) {
  return {
    storageKey: storageKey,
    cryptoKey: null, // set once imported; null: the queue is kept in this page only
    loaded: false, // the stored queue has been read: writes and sending may start
    writes: Promise.resolve(), // the chain that orders writes to localStorage
    legacyKeys: null // entries read from a plain-text queue while unable to encrypt
  };
}

function storedValue(store) {
  try {
    return window.localStorage.getItem(store.storageKey);
  } catch (e) {
    return null;
  }
}

/* Keep a value that cannot be read under a name of its own, never overwriting one set
   aside before. Returns whether it is safely kept. */
function setAside(store, raw) {
  try {
    for (let n = 1; n < 1000; n++) {
      const name = store.storageKey + ".unreadable." + n;
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

function showStorageNotice(state, name) {
  const notice = document.getElementById("console-queue-storage");
  if (!notice) {
    return;
  }
  const lines = notice.textContent ? [notice.textContent] : [];
  lines.push(msg(state.root, name));
  notice.textContent = lines.join(" ");
  notice.hidden = false;
}

/* Read the stored queue once, at start (with the page's key, `secret`). Entries typed
   meanwhile stay, after it. Resolves once state.store.loaded. */
export function loadQueue(state, secret) {
  const store = state.store;
  return importKey(secret)
    .then(function (key) {
      store.cryptoKey = key;
      const raw = storedValue(store);
      return readStored(raw, store.cryptoKey, store.storageKey).then(function (stored) {
        if (stored.unreadable && store.cryptoKey && !setAside(store, raw)) {
          store.cryptoKey = null; // never write over what could not be kept aside
        }
        if (!store.cryptoKey) {
          showStorageNotice(state, "memory-only");
        }
        if (stored.unreadable) {
          showStorageNotice(state, "unreadable");
        } else if (stored.locked) {
          // Encrypted, but this page cannot decrypt: left as it is for a page that can.
          showStorageNotice(state, "unreadable-here");
        } else {
          if (!store.cryptoKey && stored.legacy) {
            store.legacyKeys = stored.entries.map(function (entry) {
              return entry.key;
            });
          }
          state.queue = stored.entries.concat(state.queue);
        }
      });
    })
    .catch(function () {
      store.cryptoKey = null;
      showStorageNotice(state, "memory-only");
    })
    .then(function () {
      store.loaded = true;
    });
}

/* Store the queue as it is now, after every write asked for before. */
export function persist(state) {
  const store = state.store;
  if (!store.loaded) {
    return; // loadQueue writes once it has read what was stored
  }
  if (!store.cryptoKey) {
    // Never written in plain text. A plain-text queue left by earlier versions goes
    // once none of its entries is waiting here any more.
    const pending =
      store.legacyKeys &&
      state.queue.some(function (entry) {
        return store.legacyKeys.indexOf(entry.key) !== -1;
      });
    if (store.legacyKeys && !pending) {
      store.legacyKeys = null;
      try {
        window.localStorage.removeItem(store.storageKey);
      } catch (e) {
        // Nothing to do: it will be read again next time.
      }
    }
    return;
  }
  const plain = state.queue.length ? JSON.stringify(state.queue) : null;
  store.writes = store.writes
    .then(function () {
      if (plain === null) {
        window.localStorage.removeItem(store.storageKey);
        return null;
      }
      return encrypt(store.cryptoKey, store.storageKey, plain).then(function (value) {
        window.localStorage.setItem(store.storageKey, value);
      });
    })
    .catch(function () {
      // Storage full or disabled: the queue lives on in this page only.
    });
}

/* The queue another tab of the same console stored (a "storage" event's new value), or
   null when it is not one this page should take. */
export function readOtherTab(state, event) {
  const store = state.store;
  if (event.key !== store.storageKey || !store.loaded || !store.cryptoKey || state.sending) {
    return Promise.resolve(null);
  }
  return readStored(event.newValue, store.cryptoKey, store.storageKey).then(function (stored) {
    return stored.entries && !stored.legacy ? stored.entries : null;
  });
}
