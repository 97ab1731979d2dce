"""One module per `acquaint` command, each with EXAMPLES, configure(parser) and run(args, context).

The table below names the commands and says what each does, so that `acquaint --help` lists them without
importing any: a command's module (and what it needs) is loaded only when it runs or its own help is asked.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# name: (module, summary)
COMMANDS = {
    "add": ("add", "add a person to your history"),
    "edit": ("edit", "change a person's name, notes, tags or closeness"),
    "alias": ("alias", "add (or --remove) handles, emails and other names of a person"),
    "rm": ("remove", "remove a person and their interactions"),
    "merge": ("merge", "merge person B into person A (B's handles, names and interactions move to A)"),
    "log": ("log", "record an interaction: a message, call, meeting, favour, ask…"),
    "list": ("listing", "list people, by name, last contact or relationship strength"),
    "find": ("find", "search names, handles, emails, notes and tags"),
    "show": ("show", "show a person: identities, relationship, favours and timeline"),
    "owe": ("owe", "give first: who helped you, who keeps reaching out, which strong ties went quiet"),
    "check": ("check", "show the verdict the browser would show for a person (and, optionally, their message)"),
    "import": ("importing", "import a LinkedIn or X data export, a vCard file, or a contacts CSV"),
    "export": ("export", "export the history as JSON (everything) or CSV (people or interactions)"),
    "undo": ("undo", "revert the last change to the history (again to go further back)"),
    "redo": ("redo", "make again the change the last undo reverted (again to go further)"),
    "restore": ("restore", "make an earlier version of the history current again (the newest good one by default)"),
    "sync": ("sync", "keep one history on all your computers, through a folder Syncthing, Dropbox or iCloud syncs"),
    "doctor": ("doctor", "check that each browser can reach the host, that it answers, and that the history reads"),
}


def load(name: str) -> ModuleType:
    return importlib.import_module(f".{COMMANDS[name][0]}", __name__)
