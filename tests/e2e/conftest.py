"""Fixtures for the end-to-end tests: certificates, the fixture server, and the browsers they need.

A machine without Chromium or Firefox ESR skips these tests with the reason; under CI (CI set) a missing
browser is a failure instead, so that a green CI always means the browsers were really driven.
"""

from __future__ import annotations

import os

import pytest

from .harness import CHROMIUM, FIREFOX, ConnectProxy, FixtureServer, make_certificates


def require(executable: str | None, name: str, package: str) -> None:
    if executable:
        return
    message = f"{name} is not installed (Debian: apt-get install {package})"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must run the browser tests")
    pytest.skip(message)


@pytest.fixture(scope="session")
def certificates(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture(scope="session")
def fixture_server(certificates):
    server = FixtureServer(certificates)
    yield server
    server.stop()


@pytest.fixture
def chromium_path():
    require(CHROMIUM, "Chromium", "chromium")
    return CHROMIUM


@pytest.fixture
def firefox_path():
    require(FIREFOX, "Firefox ESR", "firefox-esr")
    return FIREFOX


@pytest.fixture(scope="session")
def proxy(fixture_server):
    """Firefox has no host-resolver rules: a loopback CONNECT proxy sends the fixture sites to the server."""
    server = ConnectProxy(fixture_server.port)
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["chromium", "firefox"])
def browser(request, tmp_path_factory, fixture_server, certificates, proxy):
    """A real browser with the real extension and the host installed by install.py; the same tests run in
    each. Session-wide: starting a browser costs seconds, so tests reset the history instead."""
    from .browsers import Chromium, Firefox

    base = tmp_path_factory.mktemp(request.param)
    if request.param == "chromium":
        require(CHROMIUM, "Chromium", "chromium")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            driver = Chromium(playwright, base, fixture_server.port)
            try:
                yield driver
            finally:
                driver.close()
    else:
        require(FIREFOX, "Firefox ESR", "firefox-esr")
        driver = Firefox(base, proxy.port, certificates["ca"])
        try:
            yield driver
        finally:
            driver.close()


@pytest.fixture
def clean_history(browser):
    """Start a test from an empty history, through the one write path (the hosts notice the new file)."""
    from acquaint.schema import DISMISSED, INTERACTIONS, PEOPLE
    from conftest import history_at

    with history_at(browser.data).change("test: start empty") as tx:
        snapshot = tx.as_dict()
        for table in (PEOPLE, INTERACTIONS, DISMISSED):
            tx.remove(table, [int(doc_id) for doc_id in snapshot[table]])
    yield browser
    browser.close_opened()
