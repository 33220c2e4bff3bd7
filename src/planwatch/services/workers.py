"""Work on the whole ledger shared among processes, its results in the order of the jobs.

An analysis of every plan (``check`` of each batch of plans, ``coverage`` of each higher
plan) is a row of independent jobs.
On a machine of several CPUs they run in worker processes, each with its own read
transaction on the ledger, while this process writes the results in order as they come.
At most ``AHEAD`` jobs per worker are handed out before their results are taken, so the
results waiting in memory stay few however fast the workers are.

How many workers: ``PLANWATCH_WORKERS`` (1 keeps the work in this process), else the
machine's CPUs, at most ``MOST``. Each worker is a new Python process, forked from a server
process that holds no database connection (so none is shared) and that imported what the
workers share; it reads what every job needs once, in ``start``.

Each worker's read transaction begins when it starts: a ledger written to during the run
(an ingest at the same time) may be seen at slightly different moments by different jobs.
"""

from __future__ import annotations

import dataclasses
import gc
import operator
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from planwatch.errors import PlanWatchError

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

ENV_WORKERS = "PLANWATCH_WORKERS"
MOST = 4  # workers used unless PLANWATCH_WORKERS asks for more
AHEAD = 2  # jobs per worker handed out before their results are taken

Result = TypeVar("Result")
Record = TypeVar("Record", bound=type)


def sent_as_fields(cls: Record) -> Record:
    """A record class (a dataclass) whose instances pass between processes as the tuple of
    their fields, rebuilt by calling the class: two and a half times as fast as pickle's
    way with a dataclass of slots, which counts for the millions of rows a coverage of the
    whole ledger sends."""
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    assert len(names) == len(dataclasses.fields(cls)) > 1, "every field is given to the class"
    fields = operator.attrgetter(*names)

    def reduce(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, fields(self)

    cls.__reduce__ = reduce  # type: ignore[method-assign, assignment]
    return cls


def worker_count() -> int:
    """The workers an analysis of the whole ledger uses (1: none, the work stays here)."""
    text = os.environ.get(ENV_WORKERS, "").strip()
    if not text:
        return max(1, min(MOST, os.cpu_count() or 1))
    if not text.isdecimal() or not 1 <= int(text) <= 64:
        raise PlanWatchError(
            f"{ENV_WORKERS} 应为 1—64 的整数（1 表示不另开进程），实为「{text[:20]}」"
        )
    return int(text)


def in_order(  # noqa: PLR0913 - the workers' start, their work and what they share
    start: Callable[..., None],
    start_args: tuple[Any, ...],
    work: Callable[..., Result],
    jobs: Iterable[tuple[Any, ...]],
    count: int,
    shared: Sequence[str] = (),
) -> Iterator[Result]:
    """``work(*job)`` for each job in ``count`` worker processes, each begun by
    ``start(*start_args)``; the results in the order of the jobs. The functions must be
    module-level (a worker imports them). Leaving early cancels the jobs not yet begun.

    The workers are forked from a server process (multiprocessing's forkserver, where no
    database connection is ever open) that imported the modules of ``shared`` first: what
    they load, the workers share page for page instead of each loading their own. Where
    there is no forkserver (Windows), they are spawned.
    """
    import multiprocessing  # here: every command imports this module, few start workers
    from concurrent.futures import ProcessPoolExecutor

    context: BaseContext = multiprocessing.get_context("spawn")  # Windows: each loads all
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        multiprocessing.set_forkserver_preload(list(shared))  # before the server starts
    pool = ProcessPoolExecutor(
        count, mp_context=context, initializer=_started, initargs=(start, *start_args)
    )
    pending: deque[Future[Result]] = deque()
    try:
        jobs = iter(jobs)
        pending.extend(pool.submit(work, *job) for job in islice(jobs, count * AHEAD))
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(work, *job) for job in islice(jobs, 1))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _started(start: Callable[..., None], *args: Any) -> None:
    """A worker's first step: what it was forked with is frozen (its collector never walks
    those objects, so never writes to their pages and makes them its own), then ``start``."""
    gc.freeze()
    start(*args)
