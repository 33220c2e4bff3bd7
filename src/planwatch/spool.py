"""Records kept on disk while a long listing is worked out, so that memory is bounded by one
record, not by the ledger: ``Spool`` reads them back in the order they came, ``SortedSpool``
in the order of a key (a national ledger's 100,000 findings, most severe first)."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from typing import Any


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
