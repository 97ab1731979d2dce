#!/usr/bin/env python3
"""Run every Acquaint test from a fresh clone: python3 run_tests.py [pytest arguments]

1. Python: creates .venv/ here on first use and installs Acquaint with its test extra into it.
2. JavaScript: installs tests/js/ dependencies (jsdom, addons-linter) with npm ci.
3. Runs ruff, the extension's unit tests (node --test), addons-linter, and pytest — which includes the
   end-to-end tests in real headless Chromium and Firefox ESR (Debian: apt-get install chromium firefox-esr
   libnss3-tools; without them those tests are skipped, and under CI they fail).
Needs Python 3.10+ with venv, Node.js 20+ with npm, and openssl.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
JS = ROOT / "tests" / "js"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


# npm keeps its cache and a debug log per run under ~/.npm: kept beside the packages instead, so a test run
# leaves the user's HOME as it found it.
NPM_CACHE = JS / ".npm-cache"


def run(command: list, cwd: Path = ROOT) -> int:
    print("+ " + " ".join(str(part) for part in command), flush=True)
    env = {**os.environ, "npm_config_cache": str(NPM_CACHE), "npm_config_update_notifier": "false"}
    return subprocess.call([str(part) for part in command], cwd=cwd, env=env)


def fail(message: str) -> int:
    print(f"run_tests.py: {message}", file=sys.stderr)
    return 1


def npm_ready() -> bool:
    installed = JS / "node_modules" / ".package-lock.json"
    return installed.exists() and installed.stat().st_mtime >= (JS / "package-lock.json").stat().st_mtime


def main() -> int:
    if sys.version_info < (3, 10):
        return fail(f"Acquaint needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            return fail(f"{tool} is not installed; the extension's tests need Node.js 20+ and npm "
                        "(Debian: apt-get install nodejs npm)")
    if not venv_python().exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = venv_python()
    if run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test]"]):
        return fail("installing Acquaint and its Python test dependencies failed (see above)")
    if not npm_ready() and run(["npm", "ci", "--no-audit", "--no-fund"], cwd=JS):
        return fail("installing the JavaScript test dependencies failed (see above)")
    if run([python, "-m", "ruff", "check", "--quiet", "host", "tests", "bench", "install.py", "run_tests.py"]):
        return fail("lint failed (see above); `ruff check --fix` mends most of it")
    if run(["npm", "test", "--silent"], cwd=JS):
        return fail("the extension's unit tests failed (see above)")
    if run(["npm", "run", "--silent", "lint"], cwd=JS):
        return fail("addons-linter found errors in extension/ (see above)")
    return run([python, "-m", "pytest", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
