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


def pdf_pages(pdf: bytes | Path) -> list[str]:
    """The text pypdf reads back from each page of a PDF (bytes, or a file)."""
    import pypdf

    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Words as read, whatever line a table cell wrapped them onto."""
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------- end of CLI and sheet builders
