"""Slow work off the UI thread: run a function on the thread pool, then call back on the
UI thread with its result or its exception (the idea of Anki's CollectionOp)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    @Slot()
    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # reported to the UI, never swallowed
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


class Operation:
    """``Operation(work, on_success, on_failure).start()``; callbacks run on the UI thread.

    The signals object lives on the UI thread (created here), so Qt queues the callbacks
    there. Running operations are kept alive until they report.
    """

    _running: ClassVar[set[Operation]] = set()

    def __init__(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        pool: QThreadPool | None = None,
    ) -> None:
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._pool = pool or QThreadPool.globalInstance()
        self._signals = _Signals()
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)

    def start(self) -> Operation:
        if not Operation._running:
            _hold_garbage_collection()
        Operation._running.add(self)
        self._pool.start(_Task(self._work, self._signals))
        return self

    def _finished(self) -> None:
        Operation._running.discard(self)
        if not Operation._running:
            _release_garbage_collection()

    def _succeeded(self, result: object) -> None:
        self._finished()
        self._on_success(result)

    def _failed(self, error: object) -> None:
        self._finished()
        assert isinstance(error, BaseException)
        self._on_failure(error)


# Python's cyclic garbage collector runs in whichever thread happens to allocate. Run on a
# worker, it can free an unreachable Qt widget there, and a widget destroyed off the UI
# thread crashes the application. While any operation runs, automatic collection waits
# (the UI thread collects normally again as soon as the last one reports back).
_gc_was_enabled = False


def _hold_garbage_collection() -> None:
    global _gc_was_enabled
    _gc_was_enabled = gc.isenabled()
    gc.disable()


def _release_garbage_collection() -> None:
    if _gc_was_enabled:
        gc.enable()
