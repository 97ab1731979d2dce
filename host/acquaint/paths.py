"""Where Acquaint keeps its files: the platform's user folders, or ACQUAINT_HOME for tests and scripts."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "acquaint"
HOME_VARIABLE = "ACQUAINT_HOME"


def _override() -> Path | None:
    value = os.environ.get(HOME_VARIABLE, "").strip()
    return Path(value).expanduser().resolve() if value else None


def data_dir() -> Path:
    return _override() or platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    return _override() or platformdirs.user_config_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    override = _override()
    return override / "logs" if override else platformdirs.user_log_path(APP_NAME, appauthor=False)


def history_dir() -> Path:
    """The history folder (store.py)."""
    return data_dir() / "history"


def legacy_history_path() -> Path:
    """Where Acquaint 0.1 and 0.2 kept the whole history in one file; migrated into the folder on first use."""
    return data_dir() / "history.json"


def config_path() -> Path:
    return config_dir() / "config.json"
