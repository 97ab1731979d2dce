"""The user's settings file (config.json in the config folder): level thresholds and ask recording."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import paths
from .errors import InvalidValue

DEFAULTS = {
    "thresholds": {"acquaintance": 25, "established": 55},
    "record_asks": True,
}


@dataclass(frozen=True)
class Thresholds:
    acquaintance: int
    established: int


def load() -> dict:
    """Defaults overlaid with the user's file. A broken file is an error naming it, never ignored."""
    path = paths.config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return json.loads(json.dumps(DEFAULTS))
    try:
        user = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidValue(f"settings file {path} is not valid JSON (line {error.lineno}): {error.msg}") from None
    if not isinstance(user, dict):
        raise InvalidValue(f"settings file {path} must hold a JSON object")
    merged = json.loads(json.dumps(DEFAULTS))
    for key, value in user.items():
        if isinstance(merged.get(key), dict) and isinstance(value, dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


def load_thresholds(settings: dict | None = None) -> Thresholds:
    values = (settings or load())["thresholds"]
    path = paths.config_path()
    try:
        thresholds = Thresholds(int(values["acquaintance"]), int(values["established"]))
    except (KeyError, TypeError, ValueError):
        raise InvalidValue(
            f"settings file {path}: thresholds need whole numbers 'acquaintance' and 'established'"
        ) from None
    if not 0 <= thresholds.acquaintance <= thresholds.established <= 100:
        raise InvalidValue(f"settings file {path}: thresholds must satisfy 0 ≤ acquaintance ≤ established ≤ 100")
    return thresholds
