"""The history file on disk: atomic writes, rolling backups, and damaged files refused and kept."""

import json
import os

import pytest

from acquaint.errors import HistoryCorrupted
from acquaint.storage import BACKUP_COUNT, SafeJSONStorage, backup_path


@pytest.fixture
def storage(tmp_path):
    return SafeJSONStorage(tmp_path / "history.json")


def test_missing_file_reads_as_none(storage):
    assert storage.read() is None


def test_write_then_read_round_trips_unicode(storage):
    data = {"people": {"1": {"name": "José Müller 山田"}}}
    storage.write(data)
    assert storage.read() == data
    assert "山田" in storage.path.read_text(encoding="utf-8")


def test_each_write_keeps_the_previous_file_as_backup_one(storage):
    for n in range(3):
        storage.write({"people": {"1": {"n": n}}})
    assert json.loads(backup_path(storage.path, 1).read_text())["people"]["1"]["n"] == 1
    assert json.loads(backup_path(storage.path, 2).read_text())["people"]["1"]["n"] == 0
    assert not backup_path(storage.path, 3).exists()


def test_backups_roll_over_at_the_limit(storage):
    for n in range(BACKUP_COUNT + 3):
        storage.write({"t": {"1": {"n": n}}})
    assert len(storage.backup_paths()) == BACKUP_COUNT
    oldest = json.loads(backup_path(storage.path, BACKUP_COUNT).read_text())
    assert oldest["t"]["1"]["n"] == 2


def test_backup_is_a_copy_not_a_link(storage):
    storage.write({"t": {}})
    storage.write({"t": {"1": {}}})
    assert not os.path.samefile(storage.path, backup_path(storage.path, 1))


@pytest.mark.parametrize(
    "content, problem",
    [
        (b'{"people": {"1": {"name": "Ja', "not valid JSON at line 1"),
        (b"\xff\xfe garbage", "not UTF-8 at byte 0"),
        (b"[1, 2, 3]", "not an Acquaint history"),
        (b'{"people": [1]}', "not an Acquaint history"),
        (b"", "not valid JSON"),
    ],
)
def test_damaged_file_is_refused_with_its_name_and_left_untouched(storage, content, problem):
    storage.path.write_bytes(content)
    with pytest.raises(HistoryCorrupted) as caught:
        storage.read()
    message = str(caught.value)
    assert str(storage.path) in message and problem in message
    assert "no good backup" in message
    assert storage.path.read_bytes() == content


def test_damaged_file_error_names_the_newest_good_backup(storage):
    storage.write({"t": {"1": {"n": 1}}})
    storage.write({"t": {"1": {"n": 2}}})
    storage.write({"t": {"1": {"n": 3}}})
    backup_path(storage.path, 1).write_bytes(b"{broken")  # the newest backup is damaged too
    storage.path.write_bytes(b"{broken")
    with pytest.raises(HistoryCorrupted) as caught:
        storage.read()
    assert caught.value.backup == backup_path(storage.path, 2)
    assert "history.json.bak-2" in str(caught.value) and "acquaint restore" in str(caught.value)


def test_a_value_json_cannot_hold_leaves_the_file_as_it_was(storage):
    storage.write({"t": {"1": {"n": 1}}})
    before = storage.path.read_bytes()
    with pytest.raises(TypeError):
        storage.write({"t": {"1": {"n": object()}}})
    assert storage.path.read_bytes() == before
    assert not list(storage.path.parent.glob(".history.json.tmp-*"))


def test_temporaries_left_by_a_killed_writer_are_cleaned_by_the_next_write(storage):
    storage.path.parent.joinpath(".history.json.tmp-abandoned").write_bytes(b"{half")
    storage.write({"t": {}})
    assert not list(storage.path.parent.glob(".history.json.tmp-*"))
    assert storage.read() == {"t": {}}
