"""Screenshots of the shipped checklists in the form view, each in a fresh app on a fresh
demo profile (one checklist per run keeps every shot as the app first shows it).

for t in drainage-survey spot-check safety-score gas-survey handover; do
  QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/checklist_shots.py $t docs/screenshots
done
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inspect_app import demo
from inspect_app.core.model import Inspection
from inspect_app.store import Store
from inspect_app.ui.app import application
from inspect_app.ui.main_window import MainWindow

# template -> (file name, the item to scroll to)
SHOTS = {
    "drainage-survey": ("checklist-drainage.png", "segments[0].structural_grade"),
    "spot-check": ("checklist-spot-check.png", "accepted"),
    "safety-score": ("checklist-safety-score.png", "total"),
    "gas-survey": ("checklist-gas-survey.png", "households[0].heater_over"),
    "handover": ("checklist-handover.png", "facilities[1].warranty_end"),
}


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def main(template_id: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    name, scroll_to = SHOTS[template_id]
    app = application()
    tmp = Path(tempfile.mkdtemp())
    store = Store.open(tmp / "profile", create=True)
    demo.create(store)
    w = MainWindow(store, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    w.resize(1366, 900)
    w.show()
    settle()
    insp = store.find(Inspection, "template_id = ?", [template_id], limit=1)[0]
    w.select("inspection", insp.id)
    settle()
    row = w.form.rows.get(scroll_to)
    if row is not None:
        w.form.scroll.ensureWidgetVisible(row, 0, 300)
        w.form.scroll.horizontalScrollBar().setValue(0)
    settle()
    w.grab().save(str(out / name))
    w.close()
    store.close()
    app.quit()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent)
