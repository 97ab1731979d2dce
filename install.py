#!/usr/bin/env python3
"""Set up Acquaint for this user: python3 install.py

Installs Acquaint into its own virtual environment in the user's data folder (re-running upgrades it in place;
nothing global is touched), links the `acquaint` command into ~/.local/bin, and checks that it runs.
Only the standard library is used here: nothing else is installed yet when this runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
MIN_PYTHON = (3, 10)


def data_dir() -> Path:
    """The same folder platformdirs gives Acquaint at run time (see host/acquaint/paths.py)."""
    override = os.environ.get("ACQUAINT_HOME", "").strip()
    if override:
        return Path(override).expanduser().resolve()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "acquaint"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "acquaint"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "acquaint"


def venv_dir() -> Path:
    return data_dir() / "venv"


def venv_bin(name: str) -> Path:
    if sys.platform == "win32":
        return venv_dir() / "Scripts" / f"{name}.exe"
    return venv_dir() / "bin" / name


def install_package(dry_run: bool) -> None:
    print(f"Installing Acquaint into {venv_dir()}")
    if dry_run:
        return
    if not venv_bin("python").exists():
        venv.EnvBuilder(with_pip=True).create(venv_dir())
    subprocess.check_call([str(venv_bin("python")), "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", "--upgrade", str(ROOT)])


def link_command(dry_run: bool) -> Path | None:
    """`acquaint` on the user's PATH, as pipx does it: a link in ~/.local/bin."""
    if sys.platform == "win32":
        return None
    target = Path.home() / ".local" / "bin" / "acquaint"
    print(f"Linking {target} -> {venv_bin('acquaint')}")
    if dry_run:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        target.unlink()
    target.symlink_to(venv_bin("acquaint"))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true", help="print what would be done, change nothing")
    args = parser.parse_args(argv)
    if sys.version_info < MIN_PYTHON:
        print(f"Acquaint needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is "
              f"{sys.version.split()[0]} ({sys.executable})", file=sys.stderr)
        return 1
    try:
        install_package(args.dry_run)
        link = link_command(args.dry_run)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"Error: installing failed: {error}", file=sys.stderr)
        return 1
    if args.dry_run:
        return 0
    command = str(venv_bin("acquaint"))
    subprocess.check_call([command, "--version"])
    on_path = link and str(link.parent) in os.environ.get("PATH", "").split(os.pathsep)
    print(f"\nReady. Run `{'acquaint' if on_path else command} --help` to start.")
    if link and not on_path:
        print(f"(Add {link.parent} to your PATH to type just `acquaint`.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
