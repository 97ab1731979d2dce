"""Real browsers for end-to-end tests and benchmarks.

Fixture pages are served over local TLS as www.linkedin.com and x.com (a local CA signs the certificate);
the host is installed by the real install.py into a temporary HOME and ACQUAINT_HOME; Chromium runs through
Playwright with the real extension; Firefox ESR over WebDriver BiDi (browsers.py). Traffic stays on loopback.
"""

from __future__ import annotations

import http.server
import json
import os
import select
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXTENSION = ROOT / "extension"
FIXTURES = ROOT / "tests" / "js" / "fixtures"
PAGES = Path(__file__).resolve().parent / "pages"
SITE_HOSTS = {"www.linkedin.com": "linkedin", "x.com": "x", "twitter.com": "x"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")
X_USER_ID = "1600000000000000002"  # the fixtures' signed-in X user


def fixture_html(site: str, name: str) -> str:
    """A fixture page as served: tests/js/fixtures/<site>/NAME, or a test-only page from tests/e2e/pages/."""
    folder = FIXTURES / site
    page = (folder / name) if (folder / name).exists() else (PAGES / name)
    return page.read_text(encoding="utf-8")


LATER_SCRIPT = """<script>
// Test harness, not the site: the page arrives empty and its content appears {delay} ms after load, the way a
// single-page app renders a conversation; window.acquaintAppearedAt is when (for the time-to-badge figure).
addEventListener("load", () => setTimeout(() => {{
  document.body.setHTMLUnsafe({body});
  window.acquaintAppearedAt = Date.now();
}}, {delay}));
</script>"""


def later_html(site: str, name: str, delay_ms: int) -> str:
    """A fixture whose body (declarative shadow roots included) is rendered by script after `delay_ms`."""
    html = fixture_html(site, name)
    head, _, rest = html.partition("<body")
    attributes, _, body = rest.partition(">")
    body = body.rsplit("</body>", 1)[0]
    script = LATER_SCRIPT.format(delay=delay_ms, body=json.dumps(body))
    return f"{head}<body{attributes}>{script}</body></html>"


def make_certificates(folder: Path) -> dict[str, Path]:
    """A throwaway CA, and a certificate it signs for the sites the fixtures pretend to be."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.pem" for name in ("ca", "ca-key", "cert", "key")}
    config = folder / "san.cnf"
    config.write_text("[req]\ndistinguished_name=dn\n[dn]\n[ext]\nsubjectAltName=DNS:www.linkedin.com,"
                      "DNS:linkedin.com,DNS:x.com,DNS:twitter.com\nbasicConstraints=CA:FALSE\n"
                      "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Acquaint test CA",
        "-keyout", str(paths["ca-key"]), "-out", str(paths["ca"]),
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    request = folder / "cert.csr"
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=www.linkedin.com", "-keyout", str(paths["key"]),
        "-out", str(request))
    run("x509", "-req", "-in", str(request), "-CA", str(paths["ca"]), "-CAkey", str(paths["ca-key"]),
        "-CAcreateserial", "-days", "2", "-out", str(paths["cert"]), "-extfile", str(config), "-extensions", "ext")
    return paths


class FixtureServer:
    """HTTPS on 127.0.0.1: `routes[(host, path)] = fixture file name` (from tests/js/fixtures/<site>/ or
    tests/e2e/pages/), or `(name, delay_ms)` for a page whose content appears later. Anything else is a 404."""

    def __init__(self, certificates: dict[str, Path]):
        self.routes: dict[tuple[str, str], str] = {}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                host = (self.headers.get("Host") or "").split(":")[0]
                path = self.path.split("?")[0]
                server.requests.append(f"{host}{path}")
                name = server.routes.get((host, path))
                if name is None or host not in SITE_HOSTS:
                    self.send_response(404)
                    self.end_headers()
                    return
                if isinstance(name, tuple):
                    body = later_html(SITE_HOSTS[host], *name).encode("utf-8")
                else:
                    body = fixture_html(SITE_HOSTS[host], name).encode("utf-8")
                self.send_response(200)
                if SITE_HOSTS[host] == "x":  # X's own script-readable cookie with the signed-in user's id
                    self.send_header("Set-Cookie", f"twid=u%3D{X_USER_ID}; Path=/; Secure")
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificates["cert"], certificates["key"])
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class ConnectProxy:
    """An HTTP CONNECT proxy on loopback that tunnels the fixture sites to the fixture server and refuses
    every other destination (Firefox has no host-resolver-rules; a proxy preference does the same job)."""

    def __init__(self, target_port: int):
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = self.request.recv(4096)
                    if not chunk:
                        return
                    head += chunk
                line = head.split(b"\r\n", 1)[0].decode("latin-1").split()
                host = line[1].rsplit(":", 1)[0] if len(line) > 1 else ""
                if len(line) < 2 or line[0] != "CONNECT" or host not in SITE_HOSTS:
                    self.request.sendall(b"HTTP/1.1 403 Forbidden\r\n\r\n")
                    return
                upstream = socket.create_connection(("127.0.0.1", proxy.target_port))
                self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                sockets = [self.request, upstream]
                try:
                    while True:
                        ready, _, _ = select.select(sockets, [], [], 30)
                        if not ready:
                            return
                        for source in ready:
                            data = source.recv(65536)
                            if not data:
                                return
                            (upstream if source is self.request else self.request).sendall(data)
                finally:
                    upstream.close()

        self.target_port = target_port
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def install_host(home: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    """The real installer, into a temporary HOME and ACQUAINT_HOME, with this interpreter (which has
    Acquaint installed) instead of a new virtual environment."""
    env = {**os.environ, "HOME": str(home), "ACQUAINT_HOME": str(data)}
    return subprocess.run([sys.executable, str(ROOT / "install.py"), "--python", sys.executable,
                           "--dist", str(home / "dist"), *args],  # the packages too stay out of the repository
                          env=env, capture_output=True, text=True, timeout=180)


def acquaint(data: Path, *args: str) -> str:
    """The acquaint command on a test's history; fails the test if the command fails."""
    env = {**os.environ, "ACQUAINT_HOME": str(data)}
    result = subprocess.run([sys.executable, "-m", "acquaint.cli", *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def chromium_args(port: int) -> list[str]:
    rules = ", ".join(f"MAP {host} 127.0.0.1:{port}" for host in SITE_HOSTS)
    return [
        f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", f"--host-resolver-rules={rules}",
        "--ignore-certificate-errors",
    ]


def launch_chromium(playwright, profile: Path, port: int, data: Path, home: Path):
    """Chromium with everything it writes outside its profile (crash reports, the NSS certificate database,
    dconf) kept in the test's own HOME: the real one is left as it was."""
    env = {**os.environ, "ACQUAINT_HOME": str(data), "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local" / "share")}
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=chromium_args(port),
        ignore_default_args=["--disable-extensions"], ignore_https_errors=True,
        env=env, viewport={"width": 1100, "height": 760},
    )


def extension_worker(context):
    workers = context.service_workers
    return workers[0] if workers else context.wait_for_event("serviceworker", timeout=20000)
