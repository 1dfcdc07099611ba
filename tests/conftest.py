"""Shared test setup: Qt runs offscreen, protocols load from the shipped folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every txdose the tests start logs into a throw-away folder, never the developer's own log.
os.environ.setdefault("TXDOSE_LOG_DIR", tempfile.mkdtemp(prefix="txdose-test-log-"))


# ---------------------------------------------------------------- CLI and sheet builders
# Shared by tests/test_cli*.py, tests/test_sheets*.py and tests/test_store_cli.py: run the
# command line in-process, and read the text back out of a PDF. Import them with
# ``from conftest import ...`` (pytest puts this folder on the import path).

import io
import re
from pathlib import Path

import pytest


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``txdose ARGS`` in this process: (exit code, stdout, stderr). A hook that exits by
    itself (``SystemExit``) counts as its exit code; a traceback never reaches a person."""
    from app.cli import main

    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run_python(code: str, env: dict[str, str]) -> str:
    """``code`` (dedented) in a fresh interpreter of this venv, in the project's folder, with
    only ``env``: what it printed. A failure fails the test with its stderr."""
    import subprocess
    import sys
    import textwrap

    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def pdf_pages(pdf: bytes | Path) -> list[str]:
    """The text pypdf reads back from each page of a PDF (bytes, or a file)."""
    import pypdf

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def as_read(text: object) -> str:
    """A window's text as a reader reads it: the no-break space that keeps a number beside
    its unit is a space, the word joiner that keeps "10⁹/L" whole is invisible."""
    return str(text).replace("\u00a0", " ").replace("\u2060", "")


def flat(text: str) -> str:
    """Words as read, whatever line a table cell wrapped them onto."""
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------- end of CLI and sheet builders


# ---------------------------------------------------------------- window and store fixtures (ui)
# The window's tests and the store-in-the-window tests share these: settings never written to
# the user's own folder, a window shown with its protocols loaded, a fresh SQLite store.

from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402


@pytest.fixture
def isolated_qsettings(tmp_path: Path) -> Path:
    """QSettings write to a temporary folder, never to the user's own settings."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    return tmp_path


def open_window(qtbot: Any, *, user: str, today: Any, load: bool = True) -> Any:
    """A main window shown (and closed with the test), its protocols loaded unless asked not."""
    from ui.main_window import MainWindow

    window = MainWindow(today=today, user=user)
    qtbot.addWidget(window)
    window.show()
    if load:
        window.load_engine()
    return window


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db' / 'txdose.sqlite3'}"


@pytest.fixture
def sqlite_store(store_url: str) -> Iterator[Any]:
    from app.store.service import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()


# ---------------------------------------------------------------- end of window and store fixtures


# ---------------------------------------------------------------- mutation testing (make mutation)
# mutmut forks each mutant from a process that already ran the suite on the unmutated code
# (docs/MUTATION.md). Everything the engine derives once per protocol load is cached: the
# parsed protocols (functools.cache in app.protocols) and the tables on the frozen protocol
# models (cached_property: Preparation.presentation_table, Protocol.derived, which holds the
# compiled protocol). Inherited, those caches would judge a mutant of the code that builds
# them on the tables the original code built, and mutmut's per-test statistics would tie that
# code to the first test that happened to build a table. Under mutmut (MUTANT_UNDER_TEST is
# set for the statistics run and for every mutant) each test therefore starts with no cached
# table: every value a cached_property computed is dropped and the protocols are parsed again.


def _record_cached_properties() -> list[tuple[Any, str]]:
    """Wrap each protocol model's cached_property so the objects it caches on are known, and
    return that record. It lives on dosing.protocol, imported once per process, not on this
    module: pytest may import this conftest afresh for each session mutmut runs, and a list
    kept here would leave the wrappers filling an old one that nothing empties."""
    from functools import cached_property

    from dosing import protocol

    computed: list[tuple[Any, str]] = protocol.__dict__.setdefault("_computed_under_mutmut", [])
    models, seen = [protocol._Schema], set()
    while models:
        cls = models.pop()
        models.extend(cls.__subclasses__())
        if cls in seen:
            continue
        seen.add(cls)
        for name, attribute in vars(cls).items():
            if isinstance(attribute, cached_property) and not hasattr(attribute.func, "_seen"):
                attribute.func = _remember(computed, name, attribute.func)
                attribute.func._seen = True  # type: ignore[attr-defined]
    return computed


def _remember(computed: list[tuple[Any, str]], name: str, compute: Any) -> Any:
    def computing(self: Any) -> Any:
        computed.append((self, name))
        return compute(self)

    return computing


@pytest.fixture(autouse=True)
def _no_table_outlives_a_test() -> Iterator[None]:
    if "MUTANT_UNDER_TEST" in os.environ:
        from app import protocols

        computed = _record_cached_properties()
        while computed:
            model, name = computed.pop()
            model.__dict__.pop(name, None)
        protocols._load_cached.cache_clear()
        protocols._load_folders.cache_clear()
    yield


# A surviving mutant runs every test tied to it, and the hypothesis property tests were most
# of that (40-80 s a survivor). Under mutmut the "mutation" profile runs each property test on
# at most 20 examples, derandomized (the same examples for every mutant, so a verdict does not
# depend on a seed) and without the example database (no example one mutant found replayed
# into the next). The tests set max_examples themselves, and a test's own settings win over a
# profile, so the cap is applied to each collected property test as well. `make test` never
# sets MUTANT_UNDER_TEST and keeps every test's own count; `--hypothesis-profile=default`
# under mutmut turns the cap off (for measuring it, docs/MUTATION.md).

MUTATION_EXAMPLES = 20

from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile(
    "mutation",
    max_examples=MUTATION_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
)
if "MUTANT_UNDER_TEST" in os.environ:
    _hypothesis_settings.load_profile("mutation")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if _hypothesis_settings.get_current_profile_name() != "mutation":
        return
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None or not hasattr(test, "hypothesis"):
            continue
        test._hypothesis_internal_use_settings = _hypothesis_settings(  # type: ignore[union-attr]
            own,
            max_examples=min(own.max_examples, MUTATION_EXAMPLES),
            derandomize=True,
            database=None,
        )


# ---------------------------------------------------------------- end of mutation testing
