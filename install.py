#!/usr/bin/env python3
"""Set up Acquaint for this user, for every browser found: python3 install.py

Installs Acquaint into its own virtual environment in your data folder (re-running upgrades it in place;
nothing global is touched), writes the host launcher and the native-messaging host manifest for each browser
it finds (Chrome, Chromium, Edge, Brave, Vivaldi, Firefox, LibreWolf), links the `acquaint` command into
~/.local/bin (and says how to put that on your PATH if it is not), packages the extension into dist/, tells you
how to load it, and runs `acquaint doctor`.

examples:
  python3 install.py
  python3 install.py --browser chromium --browser firefox --dry-run
  python3 install.py --browser chromium --user-data-dir /tmp/test-profile
  python3 install.py --uninstall            (keeps your history and settings; add --purge to delete them too)
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
sys.path.insert(0, str(ROOT / "host"))

from acquaint.browsers import BROWSERS  # noqa: E402  (standard library only)
from acquaint.installer import (  # noqa: E402
    System,
    apply,
    detect,
    load_instructions,
    package_steps,
    path_advice,
    plan,
    receipt_path,
    sandbox_notes,
    uninstall,
    venv_python,
)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="install.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--browser", action="append", default=[], choices=sorted(BROWSERS), metavar="NAME",
                        help=f"also install for this browser, found or not ({', '.join(BROWSERS)}); repeatable")
    parser.add_argument("--user-data-dir", action="append", default=[], type=Path, metavar="DIR",
                        help="a Chromium-family profile started with --user-data-dir=DIR; repeatable")
    parser.add_argument("--extension-id", action="append", default=[], metavar="ID",
                        help="another extension ID to allow (a store build); Firefox IDs contain '@'")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", metavar="DIR",
                        help="where to put the packaged extension (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true", help="print every file and key it would write")
    parser.add_argument("--uninstall", action="store_true",
                        help="remove exactly what install.py wrote, the packages in dist/ included")
    parser.add_argument("--purge", action="store_true", help="with --uninstall: delete the history and settings too")
    parser.add_argument("--python", type=Path, metavar="PYTHON",
                        help="use this interpreter, which already has Acquaint installed, instead of a virtual "
                             "environment (development and tests)")
    parser.add_argument("--no-doctor", action="store_true", help="skip the closing `acquaint doctor` check")
    return parser.parse_args(argv)


def install_venv(system: System, dry_run: bool) -> Path:
    python = venv_python(system)
    print(f"{'Would install' if dry_run else 'Installing'} Acquaint into {python.parent.parent}")
    if not dry_run:
        if not python.exists():
            venv.EnvBuilder(with_pip=True).create(python.parent.parent)
        subprocess.check_call([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                               "--upgrade", str(ROOT)])
    return python


def main(argv=None) -> int:
    args = parse_args(argv)
    if sys.version_info < MIN_PYTHON:
        print(f"Acquaint needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; this is {sys.version.split()[0]} "
              f"({sys.executable}). Install a newer Python and run this again with it.", file=sys.stderr)
        return 1
    system = System.current()
    if args.uninstall:
        removed = uninstall(system, args.purge, args.dry_run)
        verb = "Would remove" if args.dry_run else "Removed"
        for item in removed:
            print(f"{verb} {item}")
        if not removed:
            print("Nothing to remove: install.py has not installed anything for this user")
        if not args.purge:
            where = system.locations
            settings = "" if where.config == where.data else f" and your settings in {where.config}"
            print(f"Your history stays in {where.data}{settings} (--purge deletes them)")
        return 0

    dist = Path(os.path.abspath(args.dist))
    found = detect(system)
    browsers = sorted(set(found) | set(args.browser), key=list(BROWSERS).index)
    print(f"Browsers found: {', '.join(found) or 'none'}" +
          (f"; installing for: {', '.join(browsers)}" if browsers != found else ""))
    for note in sandbox_notes(system):
        print(f"Note: {note}")
    if not browsers and not args.user_data_dir:
        print("No supported browser found. Name one with --browser (see --help).", file=sys.stderr)
    try:
        # absolute, not resolve(): resolving follows a venv's python symlink out of the venv
        python = Path(os.path.abspath(args.python)) if args.python else install_venv(system, args.dry_run)
        steps = plan(system, ROOT, browsers, python, args.user_data_dir, tuple(args.extension_id))
        steps += package_steps(ROOT, dist)
        verb = "Would write" if args.dry_run else "Wrote"
        for step in steps:
            print(f"{verb} {step.describe()}")
        print(f"{verb} file {receipt_path(system)} (the list --uninstall removes)")
        if args.dry_run:
            return 0
        apply(system, steps, None if args.python else python.parent.parent)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"Error: installing failed: {error}", file=sys.stderr)
        return 1

    print("\nLoad the extension:")
    for line in load_instructions(ROOT, browsers or ["chromium"], dist):
        print(f"  {line}")
    advice = path_advice(system, python)
    if advice:
        print()
        print("\n".join(advice))
    if args.no_doctor:
        return 0
    print()
    doctor = [str(python), "-m", "acquaint.cli", "doctor"]
    for folder in args.user_data_dir:
        doctor += ["--user-data-dir", str(folder)]
    return subprocess.call(doctor)


if __name__ == "__main__":
    sys.exit(main())
