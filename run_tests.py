#!/usr/bin/env python3
"""Run every Acquaint test from a fresh clone: python3 run_tests.py [pytest arguments]

Creates .venv/ beside this file on first use, installs Acquaint with its test extra into it, then runs the
linter and the Python suite. Needs only Python 3.10+ with venv and pip to start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(command: list, **kwargs) -> int:
    print("+ " + " ".join(str(part) for part in command), flush=True)
    return subprocess.call([str(part) for part in command], cwd=ROOT, **kwargs)


def main() -> int:
    if sys.version_info < (3, 10):
        print(f"Acquaint needs Python 3.10 or newer; this is {sys.version.split()[0]}", file=sys.stderr)
        return 1
    if not venv_python().exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    python = venv_python()
    if run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test]"]):
        print("Installing Acquaint and its test dependencies failed (see above)", file=sys.stderr)
        return 1
    if run([python, "-m", "ruff", "check", "--quiet", "host", "tests", "bench", "install.py", "run_tests.py"]):
        print("Lint failed (see above); `ruff check --fix` mends most of it", file=sys.stderr)
        return 1
    return run([python, "-m", "pytest", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
