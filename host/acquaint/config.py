"""The user's settings file (config.json in the config folder): level thresholds and ask recording.

One schema, checked whole on every load: a wrong type, an unknown key (a typo that would silently do nothing)
or a number out of range is a SettingsInvalid naming the file and the key — never a traceback, never a value
quietly taken for another ("no" is not false).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import paths
from .errors import SettingsInvalid

DEFAULTS = {
    "thresholds": {"acquaintance": 25, "established": 55},
    "record_asks": True,
}
MAX_BYTES = 64 * 1024  # a settings file is a few lines


@dataclass(frozen=True)
class Thresholds:
    acquaintance: int
    established: int


def _problem(path, key: str, message: str) -> SettingsInvalid:
    return SettingsInvalid(f"settings file {path}: {key} {message}; `acquaint doctor` checks it again once fixed")


def _whole_number(path, key: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise _problem(path, key, f"must be a whole number from 0 to 100, not {json.dumps(value)[:40]}")
    return value


def validate(user: object, path) -> dict:
    """The user's settings over the defaults, or SettingsInvalid naming the first key that is wrong."""
    if not isinstance(user, dict):
        raise SettingsInvalid(f"settings file {path} must hold a JSON object like {json.dumps(DEFAULTS)}")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise _problem(path, repr(unknown[0]), f"is not a setting (the settings are: {', '.join(DEFAULTS)})")
    settings = json.loads(json.dumps(DEFAULTS))
    if "record_asks" in user:
        if not isinstance(user["record_asks"], bool):
            raise _problem(path, "'record_asks'", f"must be true or false, not {json.dumps(user['record_asks'])[:40]}")
        settings["record_asks"] = user["record_asks"]
    if "thresholds" in user:
        thresholds = user["thresholds"]
        if not isinstance(thresholds, dict):
            raise _problem(path, "'thresholds'", 'must be an object like {"acquaintance": 25, "established": 55}')
        unknown = sorted(set(thresholds) - set(DEFAULTS["thresholds"]))
        if unknown:
            raise _problem(path, f"'thresholds.{unknown[0]}'",
                           "is not a threshold (they are: acquaintance, established)")
        for key, value in thresholds.items():
            settings["thresholds"][key] = _whole_number(path, f"'thresholds.{key}'", value)
        if settings["thresholds"]["acquaintance"] > settings["thresholds"]["established"]:
            raise _problem(path, "'thresholds'", "must have acquaintance ≤ established")
    return settings


def load() -> dict:
    """Defaults overlaid with the user's file. A broken file is an error naming it, never ignored."""
    path = paths.config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return json.loads(json.dumps(DEFAULTS))
    except OSError as error:
        raise SettingsInvalid(f"settings file {path} cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise SettingsInvalid(f"settings file {path} is {len(raw)} bytes; a settings file is a few lines")
    try:
        user = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise SettingsInvalid(f"settings file {path} is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise SettingsInvalid(f"settings file {path} is not valid JSON (line {error.lineno}): {error.msg}") from None
    except (ValueError, RecursionError) as error:  # a number over 4,300 digits; nesting beyond recursion
        raise SettingsInvalid(f"settings file {path} does not read: {error}") from None
    return validate(user, path)


def load_thresholds(settings: dict | None = None) -> Thresholds:
    values = (settings or load())["thresholds"]
    return Thresholds(values["acquaintance"], values["established"])
