"""Work on the whole ledger shared among processes, its results in the order of the jobs.

An analysis of every plan (``check`` of each batch of plans, ``coverage`` of each higher
plan) is a row of independent jobs.
On a machine of several CPUs they run in worker processes, each with its own read
transaction on the ledger, while this process writes the results in order as they come.
At most ``AHEAD`` jobs per worker are handed out before their results are taken, so the
results waiting in memory stay few however fast the workers are.

How many workers: ``PLANWATCH_WORKERS`` (1 keeps the work in this process), else the
machine's CPUs, at most ``MOST``. Each worker is a new Python process that reads what every
job needs once, in ``start``. On Linux, when this process runs no other thread, the workers
are forked from it: what it imported and read (jieba's dictionary, the ledger's tree), they
share page for page, so the caller must hold no database connection while they start (a
connection is never carried across a fork). Elsewhere (a web server's threads, macOS) they
are forked from multiprocessing's forkserver, a server process that holds no connection and
imported what the workers share, or spawned where there is none (Windows).

Each worker's read transaction begins when it starts: a ledger written to during the run
(an ingest at the same time) may be seen at slightly different moments by different jobs.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import operator
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar, cast

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
    fork_here: bool = True,
) -> Generator[Result, None, None]:
    """``work(*job)`` for each job in ``count`` worker processes, each begun by
    ``start(*start_args)``; the results in the order of the jobs. The functions must be
    module-level (a worker imports them). The workers start now, before the first result is
    asked for (the caller may start threads then: a progress bar's); closing the results
    early cancels the jobs not yet begun.

    The modules of ``shared`` are imported before the workers start, where they are forked
    from (see ``_context``): what they load, the workers share instead of each loading
    their own. ``fork_here``: the caller holds no database connection, so the workers may be
    forked from this process.
    """
    results = _in_order(start, start_args, work, iter(jobs), count, shared, fork_here)
    next(results)  # the workers started
    return cast("Generator[Result, None, None]", results)  # its None taken


def _in_order(  # noqa: PLR0913 - in_order's arguments
    start: Callable[..., None],
    start_args: tuple[Any, ...],
    work: Callable[..., Result],
    jobs: Iterator[tuple[Any, ...]],
    count: int,
    shared: Sequence[str],
    fork_here: bool,
) -> Generator[Result | None, None, None]:
    """``in_order``'s results, after a first None once the workers are started."""
    from concurrent.futures import ProcessPoolExecutor

    context = _context(shared, fork_here)
    forked_here = context.get_start_method() == "fork"
    if forked_here:  # this process's collector would write to the pages the workers share
        gc.freeze()
    pool = None
    try:
        pool = ProcessPoolExecutor(
            count, mp_context=context, initializer=_started, initargs=(start, *start_args)
        )
        pending: deque[Future[Result]] = deque(
            pool.submit(work, *job) for job in islice(jobs, count * AHEAD)
        )
        yield None
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(work, *job) for job in islice(jobs, 1))
            yield result
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if forked_here:
            gc.unfreeze()


def _context(shared: Sequence[str], fork_here: bool = True) -> BaseContext:
    """Where the workers come from. Forked from this process on Linux when it runs no other
    thread (a thread's locks would be copied held) and ``fork_here`` (it holds no database
    connection), ``shared`` imported here first. Else forked from multiprocessing's
    forkserver, which imports ``shared`` (a process with threads or a connection; macOS,
    where forking a process that used the system's libraries is unsafe), or spawned, each
    worker importing all (Windows)."""
    import multiprocessing  # here: every command imports this module, few start workers
    import threading

    methods = multiprocessing.get_all_start_methods()
    alone = threading.active_count() == 1
    if fork_here and alone and sys.platform == "linux" and "fork" in methods:
        for name in shared:
            importlib.import_module(name)
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        multiprocessing.set_forkserver_preload(list(shared))  # before the server starts
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _started(start: Callable[..., None], *args: Any) -> None:
    """A worker's first step: what it was forked with is frozen (its collector never walks
    those objects, so never writes to their pages and makes them its own), then ``start``."""
    gc.freeze()
    start(*args)
