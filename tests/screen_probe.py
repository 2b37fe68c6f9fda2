"""Open the main window, its pages and every dialog the app opens, on whatever screen Qt was
given, and print each window's frame size and the screen's available size as JSON lines.

Run in its own process (the screen is fixed when Qt starts):
    QT_QPA_PLATFORM=offscreen:configfile=screen.json python tests/screen_probe.py PROFILE zh
"""

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from inspect_app.core.model import Defect, Inspection, Project
from inspect_app.store import Store
from inspect_app.ui import i18n
from inspect_app.ui.app import application


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def report(name: str, w: QWidget) -> None:
    settle()
    g = w.frameGeometry()
    area = w.screen().availableGeometry()
    hint = w.minimumSizeHint()
    print(json.dumps({"name": name, "x": g.x(), "y": g.y(), "w": g.width(), "h": g.height(),
                      "min_w": hint.width(), "min_h": hint.height(),
                      "screen_w": area.width(), "screen_h": area.height()}), flush=True)  # fmt: skip


def probe_dialog(name: str, dialog: QWidget) -> None:
    dialog.show()
    report(name, dialog)
    dialog.close()
    dialog.deleteLater()


def main(profile: Path, lang: str, settings_file: Path) -> None:
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    app = application()
    i18n.install(app, lang)
    set_messages(RecordedMessages())
    store = Store.open(profile)
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    w = MainWindow(store, settings)
    w.show()
    report("main", w)
    voting = store.find(Project, "stage = 'voting'", limit=1)
    if voting:
        w.select("project", voting[0].id)
        w.show_project_page()
        report("main+project-page", w)
    insp = store.find(Inspection, "1=1", limit=1)[0]
    w.select("inspection", insp.id)
    report("main+checklist", w)
    d = store.find(Defect, "1=1", limit=1)[0]
    w.select("defect", d.id)
    report("main+defect", w)
    w.show_site_plan()
    report("main+site-plan", w)
    w.show_desk()
    for i in range(w.supervision.count()):
        w.supervision.setCurrentIndex(i)
        report(f"main+desk-tab{i}", w)
    w.supervision.setCurrentIndex(0)
    # A refusal under the desk's list: long, in English words (the widest).
    refusal = "Refused: " + "this defect is closed and signed, so it cannot be assigned again. " * 6
    w.desk.bulk_message.setText(refusal)
    w.desk.detail.message.setText(refusal)
    report("main+desk-refusal", w)
    if w.desk.form is not None:
        w.desk.form.message.setText(refusal)
        w.desk.tabs.setCurrentWidget(w.desk.form)
        report("main+desk-form-refusal", w)
        w.desk.tabs.setCurrentIndex(0)
    w.show_conflicts()
    report("main+conflicts", w)
    w.select("project", insp.project_id)
    # A refusal shown in words: long, in the window's own status bar.
    w.statusBar().showMessage("拒绝：" + "这项操作不被允许，因为该问题已经关闭并已签字确认。" * 8)
    report("main+long-status", w)

    from inspect_app.ui.login_dialog import LoginDialog
    from inspect_app.ui.new_inspection import NewInspectionDialog
    from inspect_app.ui.photo_dialog import PhotoDialog
    from inspect_app.ui.print_preview import PrintPreviewDialog
    from inspect_app.ui.settings_dialog import SettingsDialog
    from inspect_app.ui.signature_pad import SignatureDialog
    from inspect_app.ui.sync_setup import SyncSetupDialog

    project = store.get(Project, insp.project_id)
    probe_dialog("new-inspection", NewInspectionDialog(store, project, w.templates(), "", w))
    probe_dialog("photos", PhotoDialog(store, "project", project.id, project_id=project.id,
                                       parent=w))  # fmt: skip
    probe_dialog("signature", SignatureDialog(store, Inspection.table, insp.id, w))
    probe_dialog("sync-setup", SyncSetupDialog(store, w))
    probe_dialog("login", LoginDialog(store, w))
    probe_dialog("settings", SettingsDialog(store, settings, w))
    preview = PrintPreviewDialog(Path(store.root), "defects", project_id=project.id, lang=lang,
                                 parent=w)  # fmt: skip
    probe_dialog("print-preview", preview)
    box = QMessageBox(QMessageBox.Icon.Warning, "inspect-app",
                      "不能关闭：" + "该问题还有未验证的整改回复，请先验证或退回。" * 10, parent=w)  # fmt: skip
    probe_dialog("message-long", box)
    fd = QFileDialog(w, "照片")
    fd.setOption(QFileDialog.Option.DontUseNativeDialog)
    probe_dialog("file-dialog", fd)
    probe_dialog("input-dialog", QInputDialog(w))
    w.close()
    store.close()
    # An empty profile: the welcome page in the main window.
    empty = Store.open(settings_file.parent / f"empty-{lang}", create=True)
    first = MainWindow(empty, QSettings(str(settings_file) + ".empty", QSettings.Format.IniFormat))
    first.show()
    assert first.stack.currentWidget() is first.welcome
    report("main+welcome", first)
    first.close()
    empty.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
