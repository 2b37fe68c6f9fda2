"""Text pasted into the main window goes through the text policy: Word's line breaks and stray
control characters are normalised, what cannot be kept is refused in words naming the field,
and what was stored stays."""

import shutil

import pytest
from PySide6.QtCore import QSettings

from inspect_app.core.model import Defect, Inspection
from inspect_app.store import Store


@pytest.fixture
def window(qtbot, demo_profile, tmp_path):
    from inspect_app.core import i18n
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    i18n.set_language("zh")
    application()
    recorded = RecordedMessages()
    old = set_messages(recorded)
    shutil.copytree(demo_profile, tmp_path / "p")
    store = Store.open(tmp_path / "p")
    w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w.messages = recorded
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    store.close()
    set_messages(old)


def paste(widget, text: str) -> None:
    """As Ctrl+V does: through the clipboard."""
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText(text)
    widget.selectAll()
    widget.paste()


def test_a_description_pasted_from_word_is_kept_with_plain_line_breaks(window):
    d = window.store.find(Defect, limit=1)[0]
    window.select("defect", d.id)
    editor = window.defect_editor
    # Word's Shift+Enter (U+000B), Qt's own line separator and a bell from a terminal
    editor.description.selectAll()
    paste(editor.description, "第一行\x0b第二行\u2028第三行\x07（完）")
    editor.flush()
    stored = window.store.get(Defect, d.id)
    assert stored.description == "第一行\n第二行\n第三行（完）"
    note = [h for h in window.store.history("defects", d.id) if h["action"] == "normalise"]
    assert note[-1]["changes"] == {"description": ["U+0007"]}
    assert window.messages.shown == []


def test_a_title_too_long_is_refused_in_words_and_the_stored_one_kept(window):
    d = window.store.find(Defect, limit=1)[0]
    window.select("defect", d.id)
    editor = window.defect_editor
    paste(editor.title, "长" * 201)
    editor.flush()
    assert window.messages.shown == [("error", "「标题」过长：共 201 字，最多 200 字。")]
    assert window.store.get(Defect, d.id).title == d.title


def test_a_form_answer_goes_through_the_policy(window):
    insp = window.store.find(Inspection, "status = 'draft' AND template_id = 'patrol'", limit=1)
    if not insp:
        pytest.skip("the demo has no draft patrol")
    window.select("inspection", insp[0].id)
    form = window.form
    form.set_answer("work_areas", "3号楼\x0b外墙\x1b保温")
    assert window.store.get(Inspection, insp[0].id).answers["work_areas"] == "3号楼\n外墙保温"
    before = window.store.get(Inspection, insp[0].id).answers.get("contractor")
    form.set_answer("contractor", "长" * 20_001)
    assert window.messages.shown[-1] == ("error", "「施工单位」过长：共 20001 字，最多 20000 字。")
    assert window.store.get(Inspection, insp[0].id).answers.get("contractor") == before
