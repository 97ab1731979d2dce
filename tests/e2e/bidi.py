"""A small WebDriver BiDi client for driving Firefox ESR directly (no geckodriver, no download): commands in,
results out, events kept aside. Firefox speaks BiDi on `--remote-debugging-port`; `--remote-allow-system-access`
lets a session open the extension's own moz-extension:// pages, where the tests read the badge and the state."""

from __future__ import annotations

import itertools
import json

from websockets.sync.client import connect


class BiDiError(RuntimeError):
    pass


class BiDi:
    def __init__(self, url: str, timeout: float = 60):
        # Entered by hand: the connection lives as long as this client, not a `with` block. Loopback only: no proxy.
        self.socket = connect(f"{url}/session", max_size=None, open_timeout=timeout, proxy=None).__enter__()
        self.ids = itertools.count(1)
        self.timeout = timeout
        self.events: list[dict] = []

    def command(self, method: str, params: dict | None = None, timeout: float | None = None) -> dict:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.socket.recv(timeout=timeout or self.timeout))
            if message.get("id") != number:
                self.events.append(message)
                continue
            if message.get("type") == "error":
                raise BiDiError(f"{method}: {message.get('error')}: {message.get('message')}")
            return message["result"]

    def evaluate(self, context: str, expression: str, *, serialization: dict | None = None):
        """The value of an expression (awaited) in a browsing context, as BiDi serialises it."""
        params = {"expression": expression, "target": {"context": context}, "awaitPromise": True,
                  "resultOwnership": "root"}
        if serialization:
            params["serializationOptions"] = serialization
        result = self.command("script.evaluate", params)
        if result.get("type") == "exception":
            raise BiDiError(f"{expression[:80]}…: {result['exceptionDetails'].get('text')}")
        return result["result"]

    def value(self, context: str, expression: str):
        """An expression's value as plain JSON: the page JSON-encodes it, so no BiDi remote values."""
        remote = self.evaluate(context, f"(async () => JSON.stringify(await ({expression})))()")
        return json.loads(remote["value"]) if remote.get("type") == "string" else None

    def close(self) -> None:
        try:
            self.command("session.end", timeout=5)
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
        self.socket.close()


def node_texts(node: dict, inside: bool = False, marker: str = "data-acquaint-hint") -> list[str]:
    """The text of a serialised DOM node, closed shadow roots included (BiDi `includeShadowTree: "all"`)."""
    value = node.get("value", {})
    inside = inside or marker in (value.get("attributes") or {})
    texts = []
    if inside and value.get("nodeType") == 3 and value.get("nodeValue", "").strip():
        texts.append(value["nodeValue"].strip())
    if value.get("localName") == "style":
        return texts
    for child in (value.get("children") or []) + ([value["shadowRoot"]] if value.get("shadowRoot") else []):
        texts += node_texts(child, inside, marker)
    return texts


def find_node(node: dict, predicate) -> dict | None:
    """The first serialised node (depth first, shadow roots included) for which `predicate(value)` holds."""
    value = node.get("value", {})
    if predicate(value):
        return node
    for child in (value.get("children") or []) + ([value["shadowRoot"]] if value.get("shadowRoot") else []):
        found = find_node(child, predicate)
        if found:
            return found
    return None
