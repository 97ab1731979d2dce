"""A separate process that changes the history: used by the concurrency and kill tests.

usage: writer.py PERSON_NAME COUNT   (COUNT 0: forever, until killed)
Each change logs one interaction for PERSON_NAME, creating the person on first use.
"""

import sys
from datetime import datetime, timezone

from acquaint.errors import UnknownPerson
from acquaint.history import History
from acquaint.interactions import log_interaction
from acquaint.people import add_person, resolve


def main() -> None:
    name, count = sys.argv[1], int(sys.argv[2])
    history = History()
    done = 0
    while count == 0 or done < count:
        now = datetime.now(timezone.utc)
        with history.change(f"writer {name} #{done}") as tx:
            try:
                person_id = resolve(tx, f"email:{name}@example.com")
            except UnknownPerson:
                person_id = add_person(tx, name, [("email", f"{name}@example.com")], now=now)
            log_interaction(tx, person_id, "message", at=now, note=f"{done}", now=now)
        done += 1
        print(done, flush=True)


if __name__ == "__main__":
    main()
