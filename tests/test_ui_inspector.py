"""The inspector's day, driven through the real widgets."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from inspect_app.core.model import Defect, DefectEvent, Inspection, Project
from inspect_app.store import Store, navigation


@pytest.fixture
def profile(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    return prof


@pytest.fixture
def recorded():
    from inspect_app.ui.messages import RecordedMessages, set_messages

    rec = RecordedMessages()
    old = set_messages(rec)
    yield rec
    set_messages(old)


@pytest.fixture
def window(qtbot, profile, tmp_path, recorded):
    from inspect_app.core import i18n
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    i18n.set_language("zh")  # the app's default; CLI tests run in English
    application()
    store = Store.open(profile)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    store.close()


def type_text(widget, text: str) -> None:
    """Type text as key events; QTest's own keyClicks only handles ASCII."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def project_named(store, name) -> Project:
    return store.find(Project, "name = ?", [name])[0]


def start(window, qtbot, project_name="和平里东街小区"):
    store = window.store
    window.select("project", project_named(store, project_name).id)
    tpl = window.templates()["gas-household"]
    insp = window.start_inspection(tpl, window.context()[0], "", "3号楼1单元 户内燃气排查")
    window.select("inspection", insp.id)
    return insp


def test_navigator_lists_the_communities_with_stage_and_open_count(window):
    model = window.navigator
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(names) == 6
    assert any(
        n.startswith("和平里东街小区  ·  施工  ·  ") and n.endswith("项未销项") for n in names
    )
    assert "待同步" in window.pending_label.text() and "离线" in window.connection_label.text()


def test_navigator_is_a_correct_lazy_model(window, qtmodeltester):
    from inspect_app.ui.navigator import NavigatorModel

    fresh = NavigatorModel(window.store)
    first = fresh.index(0, 0)
    assert fresh.rowCount(first) == 0 and fresh.canFetchMore(first) and fresh.hasChildren(first)
    fresh.fetchMore(first)
    assert fresh.rowCount(first) > 0 and not fresh.canFetchMore(first)
    qtmodeltester.check(window.navigator)  # loads every level as it walks the tree


def test_fill_a_checklist_by_keyboard_alone(window, qtbot):
    insp = start(window, qtbot)
    form = window.form
    # The first item (location) has the focus; type, Enter moves on.
    assert form.current_item() == "address"
    type_text(form.focusWidget(), "3号楼")
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    type_text(form.focusWidget(), "1单元")
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    assert form.current_item() == "resident"
    type_text(form.focusWidget(), "王秀英")
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    assert form.current_item() == "gas_type"
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Down)  # 天然气
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    assert form.current_item() == "in_use"
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_P)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    # The piping section appeared (show-if) and is next.
    assert form.current_item() == "pipe_in_bedroom"
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_F)
    assert form.rows["pipe_in_bedroom"].badge.isVisible()
    assert form.rows["pipe_in_bedroom"].badge.text() == "重大隐患"

    stored = window.store.get(Inspection, insp.id).answers
    assert stored["address"] == {"building": "3号楼", "unit": "1单元"}
    assert stored["resident"] == "王秀英"
    assert stored["gas_type"] == "ng"
    assert stored["in_use"] == "pass" and stored["pipe_in_bedroom"] == "fail"
    assert "已填 5 项" in form.progress.text() and "不合格 1 项" in form.progress.text()
    assert "缺照片 1 项" in form.progress.text()  # a failed item that needs a photo

    # Undo and redo reach the database too.
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "pipe_in_bedroom" not in window.store.get(Inspection, insp.id).answers
    assert not form.rows["pipe_in_bedroom"].badge.isVisible()
    form.undo_stack.redo()
    assert window.store.get(Inspection, insp.id).answers["pipe_in_bedroom"] == "fail"


def test_show_if_hides_sections_live(window, qtbot):
    start(window, qtbot)
    form = window.form
    assert not form.section_frames["piping"].isVisible()
    form.set_answer("in_use", "pass")
    assert form.section_frames["piping"].isVisible()
    assert not form.rows["rubber_hose_months"].isVisible()
    form.set_answer("hose_type", "rubber")
    assert form.rows["rubber_hose_months"].isVisible()


def test_raise_a_defect_from_a_failed_item(window, qtbot):
    insp = start(window, qtbot)
    form = window.form
    form.set_answer("in_use", "pass")
    form.set_answer("pipe_in_bedroom", "fail")
    form.rows["pipe_in_bedroom"].editor.setFocus()
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    (d,) = window.store.find(Defect, "inspection_id = ?", [insp.id])
    assert d.item_id == "pipe_in_bedroom" and d.title == "燃气管道或燃具设置在卧室内"
    assert d.category == "燃气" and d.severity == "major"
    assert window.stack.currentWidget() is window.defect_editor
    assert window.defect_editor.title.text() == d.title
    assert [e.kind for e in window.store.find(DefectEvent, "defect_id = ?", [d.id])] == ["created"]
    # Asking again opens the same defect instead of a duplicate.
    window._on_form_defect_requested(insp.id, "pipe_in_bedroom")
    assert window.store.count(Defect, "inspection_id = ?", [insp.id]) == 1


def test_freehand_defect_edits_are_saved_as_typed(window, qtbot):
    window.select("project", project_named(window.store, "青年湖西里小区").id)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    editor = window.defect_editor
    d_id = editor.defect.id
    editor.title.selectAll()
    type_text(editor.title, "5号楼雨污混接")
    editor.severity.setCurrentIndex(editor.severity.findData("serious"))
    qtbot.waitUntil(lambda: window.store.get(Defect, d_id).title == "5号楼雨污混接", timeout=2000)
    assert window.store.get(Defect, d_id).severity == "serious"
    assert window.navigator.index_of("defect", d_id).isValid()
    assert "5号楼雨污混接" in window.navigator.index_of("defect", d_id).data()


def test_window_layout_and_last_project_are_restored(qtbot, profile, tmp_path, recorded):
    from inspect_app.ui.main_window import MainWindow

    ini = str(tmp_path / "s.ini")
    with Store.open(profile) as store:
        target = project_named(store, "地坛园小区").id
        w = MainWindow(store, QSettings(ini, QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        w.resize(720, 560)  # inside the offscreen screen, so the geometry is kept as it is
        w.show()
        w.select("project", target)
        w.splitter.setSizes([100, 620])
        assert w.splitter.sizes()[0] == 100
        sizes = w.splitter.sizes()
        w.close()
        w2 = MainWindow(store, QSettings(ini, QSettings.Format.IniFormat))
        qtbot.addWidget(w2)
        w2.show()
        assert w2.context()[0] == target
        assert w2.size() == w.size()
        assert w2.splitter.sizes() == sizes
        w2.close()


KILLED_SESSION = """
import os, signal, sys
from PySide6.QtCore import QSettings
from inspect_app.store import Store, navigation
from inspect_app.ui.app import application
from inspect_app.ui.main_window import MainWindow
app = application()
store = Store.open(sys.argv[1])
w = MainWindow(store, QSettings(sys.argv[2], QSettings.Format.IniFormat))
w.show()
p = [p for p in store.find(__import__("inspect_app.core.model", fromlist=["Project"]).Project)][0]
w.select("project", p.id)
insp = w.start_inspection(w.templates()["gas-household"], p.id, "", "killed mid-inspection")
w.select("inspection", insp.id)
w.form.set_answer("in_use", "pass")
w.form.set_answer("pipe_in_bedroom", "fail")
w.form.set_answer("cooker_years", 11)
print(insp.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_killed_app_loses_nothing_that_was_shown_as_saved(profile, tmp_path):
    script = tmp_path / "session.py"
    script.write_text(textwrap.dedent(KILLED_SESSION), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, str(script), str(profile), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert r.returncode == -signal.SIGKILL, r.stderr
    insp_id = r.stdout.split()[0]
    with Store.open(profile) as store:
        answers = store.get(Inspection, insp_id).answers
        assert answers == {"in_use": "pass", "pipe_in_bedroom": "fail", "cooker_years": 11}
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_drainage_segments_repeat_and_compute_live(window, qtbot):
    store = window.store
    p = project_named(store, "青年湖西里小区")
    window.select("project", p.id)
    insp = window.start_inspection(window.templates()["drainage-survey"], p.id, "", "排水管道排查")
    window.select("inspection", insp.id)
    form = window.form
    assert not any(path.startswith("segments[") for path in form.rows)
    form.add_entry("segments")
    assert form.current_item() == "segments[0].segment_id"
    for path, value in [
        ("segments[0].segment_id", "W3-W4"), ("segments[0].diameter_mm", 400),
        ("segments[0].area_k", "6"), ("segments[0].soil_t", "0"),
        ("segments[0].defects", [{"code": "PL", "grade": "3", "position_m": 5.2},
                                 {"code": "CK", "grade": "2", "position_m": 12}]),
    ]:  # fmt: skip
        form.set_answer(path, value)
    # Hand-worked from CJJ 181: PL grade 3 scores 5, CK grade 2 scores 2, 6.8 m apart:
    # S = (5 + 2) / 2 = 3.5, Smax = 5 >= S, so F = 5: structural grade III.
    assert form.rows["segments[0].s"].editor.label.text() == "3.50"
    assert form.rows["segments[0].f"].editor.label.text() == "5.00"
    grade = form.rows["segments[0].structural_grade"]
    assert grade.failed and grade.badge.isVisibleTo(grade)  # grade III fails the item
    assert (
        "W3-W4" in form.groups["segments"].itemAt(0).widget().findChild(QLabel, "entryTitle").text()
    )
    stored = store.get(Inspection, insp.id).answers["segments"][0]
    assert stored["defects"][1] == {"code": "CK", "grade": "2", "position_m": 12}
    # A second segment, then removing the first, leaves the second's answers in place.
    form.add_entry("segments")
    form.set_answer("segments[1].segment_id", "W4-W5")
    form.remove_entry("segments", 0)
    assert [e.get("segment_id") for e in store.get(Inspection, insp.id).answers["segments"]] == [
        "W4-W5"
    ]
    form.undo_stack.undo()
    assert len(store.get(Inspection, insp.id).answers["segments"]) == 2


def test_ctrl_d_raises_from_an_item_in_a_repeating_group_and_keeps_the_major_hazard(
    window, qtbot, recorded
):
    store = window.store
    window.select("project", project_named(store, "和平里东街小区").id)
    insp = window.start_inspection(
        window.templates()["gas-survey"], window.context()[0], "", "燃气排查"
    )
    window.select("inspection", insp.id)
    form = window.form
    form.add_entry("households")
    form.set_answer("households[0].door", "3-101")
    form.set_answer("households[0].access", "yes")
    path = "households[0].riser_in_bathroom"  # a 重大隐患 item inside the group, not yet answered
    form.rows[path].editor.setFocus()
    assert form.current_item() == path
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [m for m in recorded.shown if m[0] == "error"] == []
    (d,) = store.find(Defect, "inspection_id = ?", [insp.id])
    assert d.item_id == path and d.major_hazard and d.severity == "major"
    assert d.title == "3-101 燃气立管设置在卫生间内" and d.category == "燃气"
    assert window.stack.currentWidget() is window.defect_editor
    # The community's count of open defects in the tree follows at once.
    nav, n = window.navigator, navigation.open_defects(store, insp.project_id)
    text = nav.data(nav.index_of("project", insp.project_id))
    assert f" {n} 项未销项" in text or f" {n} open" in text, (n, text)
    (created,) = store.find(DefectEvent, "defect_id = ?", [d.id])
    assert created.kind == "created" and created.data["item_id"] == path
    # Failing the item now keeps that one defect: raised by hand or by the answer, one per item.
    window.select("inspection", insp.id)
    form.set_answer(path, "fail")
    assert store.count(Defect, "inspection_id = ?", [insp.id]) == 1
    window.select("defect", d.id)
    history = window.defect_editor.history
    lines = [history.item(i).text() for i in range(history.count())]
    assert len(lines) == 2 and "登记" in lines[0] and "检查项再次不合格" in lines[1], lines


def test_ctrl_d_on_a_major_hazard_item_of_a_plain_section(window, qtbot, recorded):
    insp = start(window, qtbot)
    form = window.form
    form.set_answer("in_use", "pass")
    form.rows["riser_in_bathroom"].editor.setFocus()
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [m for m in recorded.shown if m[0] == "error"] == []
    (d,) = window.store.find(Defect, "inspection_id = ?", [insp.id])
    assert d.item_id == "riser_in_bathroom" and d.major_hazard and d.severity == "major"
    assert d.title == "燃气立管设置在卫生间内"
