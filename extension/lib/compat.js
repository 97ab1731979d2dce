// Browser differences in one place: Firefox has `browser` (promises), Chrome `chrome` (promises in MV3;
// Chromium >= 148 also has a `browser` that is not identical). Everything else imports `webext` from here.
export const webext = globalThis.browser ?? globalThis.chrome;

// Why a native port closed: Firefox puts it on port.error, Chrome on runtime.lastError during onDisconnect.
export function disconnectReason(port) {
  return port.error?.message ?? webext.runtime.lastError?.message ?? "";
}

// Per-tab state must survive a restarted service worker (Chrome MV3); storage.session does, where present.
export const sessionStore = webext.storage.session ?? webext.storage.local;
