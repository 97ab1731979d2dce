"""Where Acquaint keeps its files on this computer: the platform's user folders, or ACQUAINT_HOME for tests and
scripts. The rules for each system live in locations.py, which the installer shares."""

from __future__ import annotations

from pathlib import Path

from .locations import current_locations


def data_dir() -> Path:
    return current_locations().data


def config_dir() -> Path:
    return current_locations().config


def log_dir() -> Path:
    return current_locations().logs


def history_dir() -> Path:
    """The history folder (store.py)."""
    return data_dir() / "history"


def legacy_history_path() -> Path:
    """Where Acquaint 0.1 and 0.2 kept the whole history in one file; migrated into the folder on first use."""
    return data_dir() / "history.json"


def config_path() -> Path:
    return current_locations().config_file
