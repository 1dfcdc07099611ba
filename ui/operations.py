"""Slow work off the UI thread: run a function on the thread pool, then call back on the
UI thread with its result or its exception (the idea of Anki's CollectionOp)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

import ui.qtfix  # noqa: F401  (first: PySide6 6.12 None refcount bug, see ui/qtfix.py)


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
        Operation._running.add(self)
        self._pool.start(_Task(self._work, self._signals))
        return self

    def _succeeded(self, result: object) -> None:
        Operation._running.discard(self)
        self._on_success(result)

    def _failed(self, error: object) -> None:
        Operation._running.discard(self)
        assert isinstance(error, BaseException)
        self._on_failure(error)
