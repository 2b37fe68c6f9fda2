"""The three roles' journeys through the real main window, with a screenshot at each step.

Run in its own process on a 1366×768 screen (see tests/test_ui_journeys.py):
    python tests/journey_run.py DEMO_PROFILE EMPTY_PROFILE OUT_DIR zh|en
Prints one JSON line per screenshot: its name, the window's size and the screen's.
"""

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inspect_app.core.model import Defect, Project, User
from inspect_app.store import Store, identity
from inspect_app.ui import i18n
from inspect_app.ui.app import application


def settle(n: int = 5) -> None:
    for _ in range(n):
        QApplication.processEvents()


def shot(w, out: Path, name: str, lang: str) -> None:
    settle()
    path = out / f"journey-{name}-{lang}.png"
    w.grab().save(str(path))
    area = w.screen().availableGeometry()
    g = w.frameGeometry()
    print(json.dumps({"name": name, "path": str(path), "w": g.width(), "h": g.height(),
                      "screen_w": area.width(), "screen_h": area.height()}), flush=True)  # fmt: skip


def sign_in(w, name: str) -> None:
    identity.login(w.store, name, "demo")
    w.rebuild_views()
    settle()


def desk_on(w, defect_id: str, title: str) -> None:
    w.show_desk()
    w.supervision.setCurrentWidget(w.desk)
    w.desk.search.setText(title)
    w.desk.apply_filters()
    settle()
    w.desk.table.selectRow(0)
    w.desk.detail.show_defect(defect_id)
    settle()


def main(demo: Path, empty: Path, out: Path, lang: str) -> None:
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    app = application()
    i18n.install(app, lang)
    set_messages(RecordedMessages())
    out.mkdir(parents=True, exist_ok=True)

    # A first start: the welcome page.
    with Store.open(empty, create=True) as store:
        w = MainWindow(
            store, QSettings(str(empty.parent / f"empty-{lang}.ini"), QSettings.Format.IniFormat)
        )
        w.show()
        shot(w, out, "welcome", lang)
        w.close()

    store = Store.open(demo)
    w = MainWindow(
        store, QSettings(str(empty.parent / f"demo-{lang}.ini"), QSettings.Format.IniFormat)
    )
    w.show()
    settle()

    # The inspector: a household gas checklist, a failed item, its defect.
    p = store.find(Project, "name = ?", ["和平里东街小区"])[0]
    w.select("project", p.id)
    shot(w, out, "inspector-overview", lang)
    tpl = w.templates()["gas-household"]
    insp = w.start_inspection(tpl, p.id, "", "3号楼1单元 户内燃气排查")
    w.select("inspection", insp.id)
    form = w.form
    form.set_answer("in_use", "pass")
    form.set_answer("pipe_in_bedroom", "fail")
    settle()
    form.rows["pipe_in_bedroom"].setFocus()
    shot(w, out, "inspector-checklist", lang)
    w._on_form_defect_requested(insp.id, "pipe_in_bedroom")
    defect_id = w.current[1]
    defect = store.get(Defect, defect_id)
    shot(w, out, "inspector-defect", lang)
    w.actions_["help"].trigger()
    shot(w, out, "shortcuts", lang)
    w.help.hide()

    # The supervisor: the desk, the defect assigned to a contractor.
    sign_in(w, "wangqiang")
    desk_on(w, defect_id, defect.title)
    detail = w.desk.detail
    detail.note.setPlainText("请于期限内改为明管敷设并出具检测报告。")
    assert detail.run_action("assign"), "assign refused"
    settle()
    desk_on(w, defect_id, defect.title)
    shot(w, out, "supervisor-desk", lang)
    w.supervision.setCurrentWidget(w.dashboard)
    shot(w, out, "supervisor-dashboard", lang)

    # The contractor of the organization it went to: their desk, a reply.
    org_id = store.get(Defect, defect_id).assignee_org_id
    contractor = store.find(User, "role = 'contractor' AND org_id = ?", [org_id])[0]
    sign_in(w, contractor.name)
    desk_on(w, defect_id, defect.title)
    w.desk.detail.note.setPlainText("已将卧室内燃气管改至厨房，明管敷设，检测合格。")
    from PySide6.QtWidgets import QScrollArea

    scroll = w.desk.findChild(QScrollArea)  # the detail pane: its reply box in view
    if scroll is not None:
        scroll.ensureWidgetVisible(w.desk.detail.actions_box)
    shot(w, out, "contractor-reply", lang)
    assert w.desk.detail.run_action("reply"), "reply refused"

    # The supervisor again: verified; the defect list printed.
    sign_in(w, "wangqiang")
    desk_on(w, defect_id, defect.title)
    assert w.desk.detail.run_action("verify"), "verify refused"
    desk_on(w, defect_id, defect.title)
    shot(w, out, "supervisor-verified", lang)

    from inspect_app.ui.print_preview import PrintPreviewDialog

    preview = PrintPreviewDialog(Path(store.root), "defects", project_id=p.id, lang=lang, parent=w)
    preview.show()
    for _ in range(600):  # the report is built off the GUI thread
        settle(1)
        if preview.pdf_path is not None or "失败" in preview.status.text():
            break
        time.sleep(0.05)
    for _ in range(20):  # QPdfView renders its pages after the document loads
        settle(2)
        time.sleep(0.1)
    shot(preview, out, "print-preview", lang)
    preview.close()

    from inspect_app.ui.new_inspection import NewInspectionDialog

    voting = store.find(Project, "stage = 'voting'")[0]
    dialog = NewInspectionDialog(store, voting, w.templates(), "", w)
    dialog.show()
    shot(dialog, out, "no-checklist", lang)
    dialog.close()
    w.close()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
