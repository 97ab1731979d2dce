"""Reading an export, zipped or unpacked: find its files by name, decode them strictly, read CSVs whose
header may follow a preamble. Every problem names the file (and line) and says what to do."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path, PurePosixPath
from typing import Iterator, TextIO

from ..errors import InvalidValue

csv.field_size_limit(16 * 1024 * 1024)  # LinkedIn message bodies can be long


class ImportFailed(InvalidValue):
    """The export cannot be imported as a whole; nothing was changed."""


class Export:
    """A zip file or a folder, with its files found by base name, case-insensitively, at any depth."""

    def __init__(self, path: Path):
        self.path = path
        if path.is_dir():
            self._zip = None
            files = [p for p in path.rglob("*") if p.is_file()]
            self._files = {p.name.lower(): p for p in sorted(files, key=lambda p: len(p.parts))}
        elif zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            names = [n for n in self._zip.namelist() if not n.endswith("/")]
            self._files = {PurePosixPath(n).name.lower(): n for n in sorted(names, key=lambda n: n.count("/"))}
        elif path.exists():
            raise ImportFailed(f"{path} is neither a zip file nor a folder; give the export's .zip or the folder "
                               "it unpacks to")
        else:
            raise ImportFailed(f"{path} does not exist")

    def has(self, name: str) -> bool:
        return name.lower() in self._files

    def read_bytes(self, name: str) -> bytes:
        entry = self._files[name.lower()]
        return self._zip.read(entry) if self._zip else Path(entry).read_bytes()

    def read_text(self, name: str) -> str:
        return decode(self.read_bytes(name), name)

    def rows(self, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
        """csv_rows of the file, read as a stream: a messages.csv of 200,000 messages is never in memory whole."""
        header, lines = self.table(name, required)
        return (row_dict(header, line, cells) for line, cells in lines)

    def table(self, name: str, required: tuple[str, ...]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
        """csv_table of the file, read as a stream, for files too long to make a dict of every row."""
        entry = self._files[name.lower()]
        binary = self._zip.open(entry) if self._zip else open(entry, "rb")  # noqa: SIM115 - closed with the text
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            header, lines = csv_table(stream, name, required)
        except UnicodeDecodeError:
            stream.close()
            decode(self.read_bytes(name), name)  # says which byte is not UTF-8
            raise
        except BaseException:
            stream.close()
            raise
        return header, self._closing(stream, lines, name)

    def _closing(self, stream: TextIO, lines: Iterator, name: str) -> Iterator:
        with stream:
            try:
                yield from lines
            except UnicodeDecodeError:
                decode(self.read_bytes(name), name)
                raise


def decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{name} is not UTF-8 (byte {error.start}); export it again, or convert it "
                           "(e.g. `iconv -f WINDOWS-1252 -t UTF-8`)") from None


def csv_rows(text: str | TextIO, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """(line number, row) for each data row of csv_table, the row as a dict by column name."""
    header, lines = csv_table(text, name, required)
    return (row_dict(header, line, cells) for line, cells in lines)


def row_dict(header: list[str], line: int, cells: list[str]) -> tuple[int, dict]:
    return line, dict(zip(header, cells, strict=False))


def csv_table(text: str | TextIO, name: str,
              required: tuple[str, ...]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header that holds every `required` column, and (line number, cells) for each data row after it;
    lines before it (LinkedIn's "Notes:" preamble) are passed over. Line numbers count from 1, as editors do.
    A row may have fewer cells than the header."""
    reader = csv.reader(io.StringIO(text, newline="") if isinstance(text, str) else text)
    header = None
    for row in reader:
        cells = [c.strip() for c in row]
        if all(column in cells for column in required):
            header = cells
            break
        if reader.line_num > 50:
            break
    if header is None:
        raise ImportFailed(f"{name}: no header with the columns {', '.join(required)}; is this the right file, "
                           "from a current export?")
    return header, _data_rows(reader)


def _data_rows(reader) -> Iterator[tuple[int, list[str]]]:
    previous = reader.line_num
    for row in reader:
        line = previous + 1  # where this row starts: a quoted message may span several lines
        previous = reader.line_num
        if any(row) and "".join(row).strip():  # not a blank row
            yield line, row
