"""Where Acquaint keeps its files on Linux, macOS and Windows — the data folder, the settings, the host's log —
or all of them in ACQUAINT_HOME.

The one place that knows these rules: the host (paths.py) and the installer both ask here, so that
`install.py --uninstall --purge` removes exactly the folders the host writes. Standard library only, because
install.py needs it before Acquaint's dependencies exist. The folders are those platformdirs gave Acquaint 0.1
and 0.2, so an existing history is found where it is.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

APP_NAME = "acquaint"
HOME_VARIABLE = "ACQUAINT_HOME"
CONFIG_FILE = "config.json"


@dataclass(frozen=True)
class Locations:
    data: Path       # the history and its versions; the installer's virtual environment and receipt
    config: Path     # config.json
    logs: Path       # the host's log
    logs_root: Path  # the folder removed to remove the logs: `logs`, or on Linux the state folder around it

    @property
    def config_file(self) -> Path:
        return self.config / CONFIG_FILE

    def own_folders(self) -> list[Path]:
        """The folders that hold Acquaint's files and nothing else, outermost only: what --purge deletes."""
        folders: list[Path] = []
        for folder in (self.data, self.config, self.logs_root):
            if not any(folder == kept or kept in folder.parents for kept in folders):
                folders.append(folder)
        return folders


def system_name(platform: str = sys.platform) -> str:
    """"linux", "darwin" or "windows": the three layouts Acquaint knows (other Unixes follow Linux)."""
    return {"win32": "windows", "darwin": "darwin"}.get(platform, "linux")


def _xdg_folder(env: Mapping[str, str], variable: str, default: Path) -> Path:
    # The XDG spec says a relative value is invalid and must be ignored; platformdirs does the same.
    value = env.get(variable, "")
    return Path(value) if os.path.isabs(value) else default


def locations_for(system: str, home: Path, env: Mapping[str, str]) -> Locations:
    """Acquaint's folders for `system` ("linux", "darwin", "windows"), a user's home and environment."""
    override = env.get(HOME_VARIABLE, "").strip()
    if override:
        root = Path(override).expanduser().resolve()
        return Locations(root, root, root / "logs", root / "logs")
    if system == "windows":
        local = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_NAME
        return Locations(local, local, local / "Logs", local / "Logs")
    if system == "darwin":
        support = home / "Library" / "Application Support" / APP_NAME
        logs = home / "Library" / "Logs" / APP_NAME
        return Locations(support, support, logs, logs)
    state = _xdg_folder(env, "XDG_STATE_HOME", home / ".local" / "state") / APP_NAME
    return Locations(data=_xdg_folder(env, "XDG_DATA_HOME", home / ".local" / "share") / APP_NAME,
                     config=_xdg_folder(env, "XDG_CONFIG_HOME", home / ".config") / APP_NAME,
                     logs=state / "log", logs_root=state)


def current_locations() -> Locations:
    """Acquaint's folders for this user, on this computer, now (ACQUAINT_HOME is read on every call)."""
    return locations_for(system_name(), Path.home(), os.environ)
