"""Small things users notice: numbers without gaps, reopening where they were, a fresh demo
with nothing of theirs waiting, an unwritable database explained."""

import re
import shutil
import sqlite3

import pytest
from PySide6.QtCore import QSettings

from inspect_app.core.model import Defect, Inspection, Project
from inspect_app.store import Store, outbox


@pytest.fixture
def profile(demo_profile, tmp_path):
    shutil.copytree(demo_profile, tmp_path / "p")
    return tmp_path / "p"


def open_window(qtbot, profile, settings_file):
    from inspect_app.core import i18n
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    i18n.set_language("zh")
    application()
    store = Store.open(profile)
    w = MainWindow(store, QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    return w, store


def shown_numbers(form, section_id) -> list[str]:
    """The numbers of a section's visible items, in order."""
    rows = [r for p, r in form.rows.items() if r.shown and r.isVisibleTo(form)]
    section = form.section_frames[section_id]
    return [r.number for r in rows if section.isAncestorOf(r)]


def test_item_numbers_have_no_gaps_where_items_are_hidden(qtbot, profile, tmp_path):
    w, store = open_window(qtbot, profile, tmp_path / "s.ini")
    try:
        p = store.find(Project, "name = ?", ["和平里东街小区"])[0]
        w.select("project", p.id)
        tpl = w.templates()["gas-household"]
        insp = w.start_inspection(tpl, p.id, "", "3号楼1单元 户内燃气排查")
        w.select("inspection", insp.id)
        form = w.form
        form.set_answer("in_use", "pass")
        section = next(
            s for s in tpl.sections if any(i.id == "rubber_hose_months" for i in s.items)
        )
        before = shown_numbers(form, section.id)
        assert not form.rows["rubber_hose_months"].shown  # hidden: the numbers close up
        si = before[0].split(".")[0]
        assert before == [f"{si}.{n}" for n in range(1, len(before) + 1)]
        form.set_answer("hose_type", "rubber")
        after = shown_numbers(form, section.id)
        assert len(after) == len(before) + 1
        assert after == [f"{si}.{n}" for n in range(1, len(after) + 1)]
        # The section headers count only the sections shown: 一、二、… without a gap.
        heads = [h.text() for sid, h in form.section_headers.items()
                 if form.section_frames[sid].isVisibleTo(form)]  # fmt: skip
        firsts = [re.match(r"^(\S)、", h).group(1) for h in heads]
        assert firsts == list("一二三四五六七八九十")[: len(firsts)]
    finally:
        w.close()
        store.close()


def test_the_window_reopens_on_the_inspection_that_was_open(qtbot, profile, tmp_path):
    w, store = open_window(qtbot, profile, tmp_path / "s.ini")
    insp = store.find(Inspection, "1=1", limit=1)[0]
    w.select("inspection", insp.id)
    w.close()
    store.close()
    w2, store2 = open_window(qtbot, profile, tmp_path / "s.ini")
    try:
        assert w2.current == ("inspection", insp.id)
        assert w2.stack.currentWidget() is w2.form
        d = store2.find(Defect, "1=1", limit=1)[0]
        w2.select("defect", d.id)
    finally:
        w2.close()
        store2.close()
    w3, store3 = open_window(qtbot, profile, tmp_path / "s.ini")
    try:
        assert w3.current == ("defect", d.id)
    finally:
        w3.close()
        store3.close()


def test_a_fresh_demo_has_nothing_of_its_user_waiting(qtbot, profile, tmp_path):
    w, store = open_window(qtbot, profile, tmp_path / "s.ini")
    try:
        assert store.pending_changes() > 1000  # the seed is still sent to a central store
        assert outbox.waiting(store) == 0
        assert "0 项更改待同步" in w.pending_label.text()
        store.save(Defect(project_id=w.context()[0] or "p", title="新问题"))
        w.refresh_status()
        assert outbox.waiting(store) >= 1
        assert f"{outbox.waiting(store)} 项更改待同步" in w.pending_label.text()
    finally:
        w.close()
        store.close()


def test_an_unwritable_database_is_explained_with_advice(tmp_path):
    from inspect_app.core import i18n
    from inspect_app.store.store import _database_error

    for lang, words in (("en", ("USB stick", "was not saved", "open the app again")),
                        ("zh", ("U盘", "未保存", "重新打开"))):  # fmt: skip
        i18n.set_language(lang)
        text = str(
            _database_error(tmp_path / "inspect.db", sqlite3.OperationalError("disk I/O error"))
        )
        assert str(tmp_path / "inspect.db") in text and all(w in text for w in words), text
        ro = str(
            _database_error(
                tmp_path, sqlite3.OperationalError("attempt to write a readonly database")
            )
        )
        assert ("written to" if lang == "en" else "写入权限") in ro
    i18n.set_language("en")
