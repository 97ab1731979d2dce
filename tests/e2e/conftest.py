"""Fixtures for the end-to-end tests: certificates, the fixture server, and the browsers they need.

A machine without Chromium or Firefox ESR skips these tests with the reason; under CI (CI set) a missing
browser is a failure instead, so that a green CI always means the browsers were really driven.
"""

from __future__ import annotations

import os

import pytest

from .harness import CHROMIUM, FIREFOX, FixtureServer, make_certificates


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
