"""Two real Syncthing instances on loopback, sharing one folder, for the sync end-to-end test.

Each runs with its own home under the test's temporary folder (HOME too: nothing reaches the real one), talks
only to the other (no discovery, relays, NAT traversal, usage reports or upgrades) and rescans every second.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

SYNCTHING = shutil.which("syncthing")
FOLDER_ID = "acquaint"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Syncthing:
    def __init__(self, root: Path, name: str):
        self.name = name
        self.home = root / f"syncthing-{name}"
        self.folder = root / f"{name}-Sync"
        self.folder.mkdir(parents=True)
        (self.folder / ".stfolder").mkdir()  # Syncthing's marker: the folder is there, not an unmounted disk
        self.port, self.gui_port = free_port(), free_port()
        self.env = {**os.environ, "HOME": str(root), "STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1"}
        subprocess.run([SYNCTHING, "generate", "--home", str(self.home), "--no-default-folder", "--skip-port-probing"],
                       env=self.env, check=True, capture_output=True, timeout=60)
        self.device_id = subprocess.run([SYNCTHING, "serve", "--home", str(self.home), "--device-id"], env=self.env,
                                        check=True, capture_output=True, text=True, timeout=60).stdout.strip()
        self.process: subprocess.Popen | None = None

    def share_with(self, peer: Syncthing) -> None:
        """The folder shared with `peer`, reachable only at its loopback port."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        for tag, value in {"listenAddress": f"tcp://127.0.0.1:{self.port}", "globalAnnounceEnabled": "false",
                           "localAnnounceEnabled": "false", "relaysEnabled": "false", "natEnabled": "false",
                           "urAccepted": "-1", "autoUpgradeIntervalH": "0", "crashReportingEnabled": "false",
                           "startBrowser": "false", "reconnectionIntervalS": "1"}.items():
            for old in options.findall(tag):
                options.remove(old)
            ET.SubElement(options, tag).text = value
        device = ET.SubElement(root, "device", id=peer.device_id, name=peer.name, compression="metadata",
                               introducer="false")
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.port}"
        folder = ET.Element("folder", id=FOLDER_ID, label=FOLDER_ID, path=str(self.folder), type="sendreceive",
                            rescanIntervalS="1", fsWatcherEnabled="true", fsWatcherDelayS="1")
        for member in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=member)
        root.insert(0, folder)
        tree.write(path)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [SYNCTHING, "serve", "--home", str(self.home), "--no-browser", "--no-restart", "--no-upgrade",
             "--gui-address", f"http://127.0.0.1:{self.gui_port}", "--logfile", str(self.home / "syncthing.log")],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        path = self.home / "syncthing.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"
