"""Records kept on disk while a long listing is worked out, so that memory is bounded by one
record, not by the ledger: ``Spool`` reads them back in the order they came, ``SortedSpool``
in the order of a key (a national ledger's 100,000 findings, most severe first), and
``DiskList`` keeps them to be read a page at a time (a web server's listings).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload


class Spool:
    """Records pickled to a temporary file as they come, read back once in order."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.count = 0

    def add(self, record: Any) -> None:
        pickle.dump(record, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def read(self) -> Iterator[Any]:
        self.file.seek(0)
        with self.file:
            for _ in range(self.count):
                yield pickle.load(self.file)


class SortedSpool:
    """Records on disk with their keys in memory; read back once, sorted by key (stable: equal
    keys keep the order they came in). It has a length, so a listing can say 共 N 条."""

    def __init__(self, key: Callable[[Any], Any]) -> None:
        self.file = tempfile.TemporaryFile()
        self.key = key
        self.places: list[tuple[Any, int]] = []

    def add(self, record: Any) -> None:
        self.places.append((self.key(record), self.file.tell()))
        pickle.dump(record, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Any]:
        self.places.sort(key=lambda place: place[0])
        with self.file:
            for _key, offset in self.places:
                self.file.seek(offset)
                yield pickle.load(self.file)


class DiskList(Sequence[Any]):
    """Records pickled to a temporary file in the order they come, read back by index or a
    slice at a time: a long listing a server keeps between requests (a national ledger's
    180,000 findings, 765 MB as objects) holds in memory only where each record lies and
    what ``key`` says of it, and no open file. ``where`` gives the records whose key passes,
    as a list on the same file; the file is removed when no list reads it."""

    def __init__(self, records: Iterable[Any], key: Callable[[Any], Any] = lambda _r: None):
        self._file = _TemporaryPath()
        self._places: list[tuple[int, int, Any]] = []  # (offset, length, key)
        with open(self._file.path, "wb") as out:
            for record in records:
                data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
                self._places.append((out.tell(), len(data), key(record)))
                out.write(data)

    def where(self, passes: Callable[[Any], bool]) -> DiskList:
        """The records whose key passes, in their order (nothing is read)."""
        found = DiskList.__new__(DiskList)
        found._file = self._file
        found._places = [p for p in self._places if passes(p[2])]
        return found

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, at: int) -> Any: ...

    @overload
    def __getitem__(self, at: slice) -> list[Any]: ...

    def __getitem__(self, at: int | slice) -> Any:
        if isinstance(at, slice):
            return self._read(self._places[at])
        return self._read([self._places[at]])[0]

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, len(self._places), PAGE):
            yield from self._read(self._places[start : start + PAGE])

    def _read(self, places: Sequence[tuple[int, int, Any]]) -> list[Any]:
        with open(self._file.path, "rb") as file:  # a handle of its own: threads read at once
            out = []
            for offset, length, _key in places:
                file.seek(offset)
                out.append(pickle.loads(file.read(length)))
            return out


PAGE = 1000  # records read with one opening of the file


class _TemporaryPath:
    """A temporary file's name, the file removed when this is let go."""

    def __init__(self) -> None:
        with tempfile.NamedTemporaryFile(prefix="planwatch-", delete=False) as made:
            self.path = made.name
        weakref.finalize(self, _remove, self.path)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)
