"""End to end in Firefox ESR, headless, through web-ext: the extension loads, detects the request on a fixture
page, and the host (installed by install.py into the test HOME) records it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from acquaint.browsers import FIREFOX_EXTENSION_ID, HOST_NAME

from .harness import EXTENSION, ROOT, ConnectProxy, install_host

WEB_EXT = ROOT / "tests" / "js" / "node_modules" / ".bin" / "web-ext"
THREAD = "https://www.linkedin.com/messaging/thread/2-abc123/"

PREFS = {
    # Reach the fixture sites through the test proxy; nothing else is reachable.
    "network.proxy.type": 1, "network.proxy.ssl": "127.0.0.1", "network.proxy.http": "127.0.0.1",
    "network.proxy.no_proxies_on": "", "network.proxy.allow_hijacking_localhost": True,
    # MV3 host permissions granted at install, as a user clicking "Allow" would.
    "extensions.originControls.grantByDefault": True,
    # No background traffic.
    "app.update.enabled": False, "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False, "toolkit.telemetry.enabled": False,
    "network.captive-portal-service.enabled": False, "network.connectivity-service.enabled": False,
    "browser.safebrowsing.malware.enabled": False, "browser.safebrowsing.phishing.enabled": False,
    "extensions.getAddons.cache.enabled": False, "extensions.update.enabled": False,
    "browser.startup.homepage_override.mstone": "ignore",
}


def write_profile(profile, proxy_port: int, ca) -> None:
    profile.mkdir(parents=True)
    prefs = {**PREFS, "network.proxy.ssl_port": proxy_port, "network.proxy.http_port": proxy_port}
    (profile / "user.js").write_text("".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n"
                                             for k, v in prefs.items()))
    database = f"sql:{profile}"
    subprocess.run(["certutil", "-N", "-d", database, "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-n", "Acquaint test CA", "-t", "C,,", "-i", str(ca), "-d", database],
                   check=True, capture_output=True)


def test_firefox_detects_the_request_and_the_host_records_it(firefox_path, fixture_server, certificates, tmp_path):
    if not WEB_EXT.exists():
        pytest.fail(f"{WEB_EXT} is missing: run `npm ci` in tests/js (run_tests.py does)")
    home, data, profile = tmp_path / "home", tmp_path / "data", tmp_path / "profile"
    home.mkdir()
    installed = install_host(home, data, "--browser", "firefox", "--no-doctor")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    manifest = json.loads((home / ".mozilla" / "native-messaging-hosts" / f"{HOST_NAME}.json").read_text())
    assert manifest["allowed_extensions"] == [FIREFOX_EXTENSION_ID]
    fixture_server.routes[("www.linkedin.com", "/messaging/thread/2-abc123/")] = "thread-ask.html"
    proxy = ConnectProxy(fixture_server.port)
    write_profile(profile, proxy.port, certificates["ca"])
    env = {**os.environ, "HOME": str(home), "ACQUAINT_HOME": str(data), "MOZ_HEADLESS": "1"}
    log = (tmp_path / "web-ext.log").open("w")
    runner = subprocess.Popen(
        [str(WEB_EXT), "run", "--source-dir", str(EXTENSION), "--firefox", firefox_path,
         "--firefox-profile", str(profile), "--no-reload", "--no-input", "--start-url", THREAD],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    started = time.monotonic()
    try:
        history = data / "history.json"
        deadline = time.monotonic() + 90
        asks = []
        while time.monotonic() < deadline and not asks:
            if history.exists():
                people = json.loads(history.read_text())
                asks = [i for i in people["interactions"].values() if i["kind"] == "ask"]
            if runner.poll() is not None:
                break
            time.sleep(0.5)
        log.flush()
        output = (tmp_path / "web-ext.log").read_text()
        assert asks, f"no ask was recorded; web-ext said:\n{output[-3000:]}"
        print(f"\nFirefox: from web-ext start to the recorded ask: {time.monotonic() - started:.1f} s")
        sam = json.loads(history.read_text())["people"][str(asks[0]["person"])]
        assert sam["handles"] == {"linkedin": ["sam-lee-77"]}
        assert asks[0]["source"] == "browser:linkedin"
        assert asks[0]["note"] == "Quick question: would you write me a recommendation?"
        assert (data / "logs" / "acquaint-host.log").exists()
    finally:
        os.killpg(runner.pid, signal.SIGTERM)
        try:
            runner.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(runner.pid, signal.SIGKILL)
        proxy.stop()
        log.close()
