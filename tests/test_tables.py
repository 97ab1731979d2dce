"""A table a change writes to (host/acquaint/tables.py): writes taken without reading the version, reads that see
both, and what the commit is told was written."""

from __future__ import annotations

import pytest

from acquaint.tables import WorkingTable


def _table(version: dict, reads: list, limit: int = 4) -> WorkingTable:
    def read():
        reads.append(1)
        return version

    return WorkingTable(read, limit)


def test_writes_and_lookups_of_what_was_written_never_read_the_version():
    reads = []
    table = _table({"1": {"n": 1}}, reads)
    table["2"] = {"n": 2}
    assert table["2"] == {"n": 2} and table.get("2") == {"n": 2} and "2" in table
    assert reads == [] and not table.read
    assert table.written == {"2": {"n": 2}} and table.changes == 1


def test_a_lookup_of_anything_else_reads_the_version_once_and_sees_both():
    reads = []
    version = {"1": {"n": 1}, "3": {"n": 3}}
    table = _table(version, reads)
    table["2"] = {"n": 2}
    assert table["1"] == {"n": 1} and len(table) == 3 and sorted(table) == ["1", "2", "3"]
    assert reads == [1], "read once"
    del table["3"]
    assert "3" not in table and table.get("3") is None and table.pop("3", "gone") == "gone"
    with pytest.raises(KeyError):
        table["3"]
    assert table.written == {"2": {"n": 2}, "3": None}, "a removal is written as None"
    assert version == {"1": {"n": 1}, "3": {"n": 3}}, "the version read is never changed"


def test_a_removal_of_what_is_not_there_is_a_key_error():
    table = _table({}, [])
    with pytest.raises(KeyError):
        del table["9"]
    with pytest.raises(KeyError):
        table.pop("9")
    assert table.changes == 0


def test_past_the_patch_limit_the_table_is_read_and_no_longer_lists_what_was_written():
    reads = []
    table = _table({"1": {"n": 1}}, reads, limit=4)
    for n in range(2, 8):
        table[str(n)] = {"n": n}
    assert table.read and reads == [1]
    assert table.written is None and table.changes == 5, "any number over the limit"
    assert sorted(table, key=int) == [str(n) for n in range(1, 8)]
    table.pop("1")
    assert "1" not in table and len(table) == 6
