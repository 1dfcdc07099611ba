"""The store's refusals in the Chinese window (ui/store/refusal_text.py): a plan marked
verified by SQL was refused with "plan … version 1 is marked verified (by bob) but no
verification …" in English only, and a plan saved without an MRN with "Not saved — mrn:
is required to save a plan: plans are filed by MRN". Now the refusal says what it means in
Chinese first; the store's sentence follows (its ids and values, as the audit log has
them). The English window is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_store_actions import _controller, _wait, plan_input
from test_store_support import _isolated_user_dirs, raw_sql

from app.store.errors import NotBlindError, StoreError, TamperedError
from app.store.service import Store
from ui import i18n
from ui.store.refusal_text import refusal_text

__all__ = ["_isolated_user_dirs"]


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
def chinese() -> Any:
    assert i18n.install_language("zh_CN")
    yield
    i18n.install_language("en")


def _marked_verified_by_sql(store: Store, store_url: str) -> str:
    plan_id = store.save_new(plan_input(), user="alice").plan_id
    raw_sql(
        store_url,
        "UPDATE plan_versions SET status = 'verified', verified_by = 'bob' "
        f"WHERE plan_id = '{plan_id}'",
        unguarded=True,
    )
    return plan_id


def test_a_plan_changed_by_sql_is_refused_in_chinese(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store, chinese: Any
) -> None:
    plan_id = _marked_verified_by_sql(store, store_url)
    window, controller, answers = _controller(qtbot, tmp_path, store_url, user="carol")
    controller.open_plan(plan_id)
    _wait(qtbot, controller)
    assert len(answers.warnings) == 1, answers.warnings
    headline, said = answers.warnings[0].split("\n\n", 1)
    assert headline == "此计划在 txdose 之外被改动：不予显示、打印或核对。请告知病区管理员。"
    assert said.startswith(f"plan {plan_id} version 1 is ")  # the store's own sentence
    assert window.current_input() is None  # nothing of it shown


def test_the_english_window_shows_the_store_s_sentence_alone(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    plan_id = _marked_verified_by_sql(store, store_url)
    _, controller, answers = _controller(qtbot, tmp_path, store_url, user="carol")
    controller.open_plan(plan_id)
    _wait(qtbot, controller)
    assert [w.split(": ", 1)[0] for w in answers.warnings] == [
        f"plan {plan_id} version 1 is not shown or printed"
    ]


def test_a_plan_without_an_mrn_is_not_saved_in_chinese(
    qtbot: Any, tmp_path: Path, store_url: str, chinese: Any
) -> None:
    window, controller, answers = _controller(qtbot, tmp_path, store_url)
    entered = plan_input()
    window.load_input(
        entered.model_copy(update={"patient": entered.patient.model_copy(update={"mrn": ""})})
    )
    controller.save()
    _wait(qtbot, controller)
    assert answers.warnings == ["未保存 — 病历号：保存计划必须填写病历号：计划按病历号归档"]


@pytest.mark.parametrize(
    ("error", "headline"),
    [
        (TamperedError("x", ("x",)), "此计划在 txdose 之外被改动"),
        (NotBlindError("x"), "未核对：您已看过此草稿的数值"),
        (StoreError("x"), "计划数据库拒绝了此操作。"),
    ],
)
def test_each_kind_of_refusal_leads_with_its_own_words(
    chinese: Any, error: Exception, headline: str
) -> None:
    """The most specific kind's words (NotBlindError is a VerificationError: not "未核对。"
    alone); a kind without words of its own has its parent's."""
    assert refusal_text(error).startswith(headline)
    assert refusal_text(error).endswith("\n\nx")


def test_every_kind_of_store_refusal_has_words_of_its_own() -> None:
    """A kind of refusal added to the store is not left to its parent's words unseen."""
    import app.store.ward_key  # noqa: F401  (WardKeyError)
    from ui.store.refusal_text import _HEADLINES

    kinds, todo = set(), [StoreError]
    while todo:
        kind = todo.pop()
        kinds.add(kind.__name__)
        todo += kind.__subclasses__()
    assert len(kinds) >= 14
    assert sorted(kinds - set(_HEADLINES)) == []


def test_a_stored_name_is_never_read_as_markup_in_a_message_box(
    qtbot: Any, tmp_path: Path, store_url: str, store: Store
) -> None:
    """MRN-1001 saved for a name that is markup (as a person with SQL access, or a typist,
    could store it); the window then saves another patient under that MRN. The refusal
    names the stored patient: Qt's message box read it as rich text (its text format is
    automatic), so the name could have styled the rest of the warning away. It is plain."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from test_store_actions import _window

    from ui.store import install

    marked = "<span style='color:#ffffff'>Jane</span>"
    store.save_new(plan_input(name=marked), user="alice")
    window = _window(qtbot, tmp_path)
    controller = install(window, url=store_url, user="alice", autosave_interval_ms=3_600_000)
    window.load_input(plan_input(name="Ann Other"))
    seen: list[tuple[Any, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append((box.textFormat(), box.text()))
        box.close()

    QTimer.singleShot(20, answer)
    controller.save()
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    _wait(qtbot, controller)
    text_format, text = seen[0]
    assert marked in text and "is already saved for" in text
    assert text_format == Qt.TextFormat.PlainText
