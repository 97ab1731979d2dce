// The one way to the native host: one port, replies matched to requests by id, a `hello` to check versions
// on every connect, and a backoff after failures. Every failure becomes a status the user can act on.
import { webext, disconnectReason } from "./compat.js";

export const HOST_NAME = "com.acquaint.host";
export const PROTOCOL_VERSION = 2;
const REQUEST_TIMEOUT_MS = 15000;
const BACKOFF_MS = [0, 1000, 2000, 5000, 10000, 30000];

export class HostError extends Error {
  constructor(status) {
    super(status.message);
    this.status = status;
  }
}

// What the browser's disconnect message means. Chrome and Firefox word these differently.
export function classify(reason) {
  if (/not found|no such native application/i.test(reason)) return "missing";
  if (/forbidden|does not have permission|not allowed/i.test(reason)) return "forbidden";
  if (/exited/i.test(reason)) return "exited";
  return "error";
}

// The exact command that fixes each state (the README's troubleshooting table says more).
export function fixFor(state, extensionId) {
  switch (state) {
    case "missing":
      return "Run `python3 install.py` in the Acquaint folder, then reload this page.";
    case "forbidden":
      return `Run \`python3 install.py --extension-id ${extensionId}\`: the host does not know this extension's ID.`;
    case "exited":
      return "The host stopped at start. Run `acquaint doctor` to see why.";
    case "version":
      return "The host and the extension are different versions: run `python3 install.py` again, then reload the extension.";
    default:
      return "Run `acquaint doctor` to check the setup.";
  }
}

export function statusFor(state, message) {
  return { state, message, fix: state === "ok" ? "" : fixFor(state, webext.runtime.id) };
}

// The host answered, with an error code (docs/PROTOCOL.md): the code, not the prose, says what to show.
export class HostReplyError extends Error {
  constructor(error) {
    super(error?.message ?? "the host refused the request");
    this.code = error?.code ?? "internal";
  }
}

// What each host error means to the user: "page" (this page could not be read: no broken setup), "busy" (try
// again shortly), or a problem with the history or settings, with the command that fixes it.
const REPLY_STATES = {
  bad_request: ["page", ""],
  unknown_person: ["page", ""],
  history_busy: ["busy", ""],
  history_unreadable: ["history", "Run `acquaint restore`: it puts your newest good copy back."],
  history_unwritable: ["history", "Free space or fix the folder's permissions, as said above, then reload the page."],
  history_too_new: ["history", "Run `python3 install.py` in the Acquaint folder to upgrade Acquaint."],
  settings_invalid: ["settings", "Fix config.json as said above (`acquaint doctor` names the key)."],
};

export function statusForReply(error) {
  const [state, fix] = REPLY_STATES[error.code] ?? ["error", "Run `acquaint doctor`; the host log has the details."];
  return { state, code: error.code, message: error.message, fix };
}

export class NativeHost {
  constructor(onStatus = () => {}) {
    this.port = null;
    this.nextId = 1;
    this.pending = new Map();
    this.failures = 0;
    this.retryAt = 0;
    this.status = statusFor("unknown", "not connected yet");
    this.hello = null;
    this.onStatus = onStatus;
  }

  setStatus(status) {
    this.status = status;
    this.onStatus(status);
  }

  async request(message) {
    await this.connect();
    return this.send(message);
  }

  send(message) {
    const id = `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HostError(statusFor("error", "the host did not answer in time")));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.port.postMessage({ ...message, id });
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new HostError(statusFor("error", String(error?.message ?? error))));
      }
    });
  }

  async connect() {
    if (this.port) return;
    if (Date.now() < this.retryAt) throw new HostError(this.status);
    const port = webext.runtime.connectNative(HOST_NAME);
    this.port = port;
    port.onMessage.addListener((reply) => this.receive(reply));
    port.onDisconnect.addListener(() => this.disconnected(port));
    let hello;
    try {
      hello = await this.send({ type: "hello", extension_version: webext.runtime.getManifest().version,
                                protocol: PROTOCOL_VERSION });
    } catch (error) {
      // The disconnect handler has already classified the failure when the host could not start.
      throw error instanceof HostError ? new HostError(this.status.state === "unknown" ? error.status : this.status)
        : error;
    }
    if (hello.protocol !== PROTOCOL_VERSION) {
      this.failed(statusFor("version", `the host speaks protocol ${hello.protocol}; this extension ${PROTOCOL_VERSION}`));
      port.disconnect();
      this.port = null;
      throw new HostError(this.status);
    }
    this.hello = hello;
    this.failures = 0;
    this.retryAt = 0;
    this.setStatus(statusFor("ok", `host ${hello.host_version}, history at ${hello.history?.path}`));
  }

  receive(reply) {
    const waiting = this.pending.get(reply?.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    clearTimeout(waiting.timer);
    waiting.resolve(reply);
  }

  disconnected(port) {
    if (this.port !== port) return;
    this.port = null;
    const reason = disconnectReason(port) || "the host closed the connection";
    this.failed(statusFor(classify(reason), reason));
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new HostError(this.status));
    }
    this.pending.clear();
  }

  failed(status) {
    this.failures += 1;
    this.retryAt = Date.now() + BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.setStatus(status);
  }

  // After the user fixed the setup: try again at once.
  reset() {
    this.failures = 0;
    this.retryAt = 0;
    if (this.port) this.port.disconnect();
    this.port = null;
  }
}
