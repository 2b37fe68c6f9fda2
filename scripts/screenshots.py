"""Screenshots of the main screens on a fresh demo profile, for docs/screenshots/.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inspect_app import demo
from inspect_app.core.model import Defect, Inspection
from inspect_app.store import Store
from inspect_app.ui.app import application
from inspect_app.ui.main_window import MainWindow


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    tmp = Path(tempfile.mkdtemp())
    store = Store.open(tmp / "profile", create=True)
    demo.create(store)
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store, settings)
    w.resize(1366, 820)
    w.show()
    settle()
    project = w.current[1]
    w.select("project", project)
    settle()
    w.grab().save(str(out / "main-window.png"))

    insp = store.find(Inspection, "status = 'draft'", limit=1)[0]
    w.select("inspection", insp.id)
    w.form.set_answer("in_use", "pass")
    w.form.set_answer("pipe_in_bedroom", "fail")
    settle()
    w.grab().save(str(out / "checklist.png"))

    linked = store.db.execute(
        "SELECT target_id FROM photo_links WHERE target_type = 'defect' LIMIT 1"
    ).fetchone()[0]
    d = store.get(Defect, linked)
    w.select("defect", d.id)
    settle()
    w.grab().save(str(out / "defect.png"))

    w.select("project", project)
    w.show_site_plan()
    settle()
    w.grab().save(str(out / "site-plan-in-window.png"))

    w.show_project_page()
    settle()
    w.grab().save(str(out / "project-page-in-window.png"))

    w.show_desk()
    settle()
    w.grab().save(str(out / "desk-in-window.png"))

    drainage = store.find(Inspection, "template_id = 'drainage-survey'", limit=1)[0]
    w.select("inspection", drainage.id)
    settle()
    row = w.form.rows.get("segments[0].f")
    if row:
        w.form.scroll_area.ensureWidgetVisible(row)
    settle()
    w.grab().save(str(out / "checklist-drainage-in-window.png"))

    w.help.toggle()
    settle()
    w.grab().save(str(out / "shortcuts.png"))
    w.close()
    store.close()
    app.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
