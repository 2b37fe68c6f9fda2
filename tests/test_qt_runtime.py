"""The Qt binding itself must hold up in a long session.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a void method
(widget.update(), item.setPos() …); None's count runs out after a few thousand calls and the
process aborts with "deallocating None". A real session makes that many calls in minutes.
"""

import subprocess
import sys

CALLS = """
import sys
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QWidget
app = QApplication([])
w, item = QWidget(), QGraphicsRectItem(0, 0, 1, 1)
before = sys.getrefcount(None)
for _ in range(20000):
    w.update()
    item.setPos(QPointF(1, 2))
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_do_not_eat_references_to_none():
    done = subprocess.run([sys.executable, "-c", CALLS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(int(done.stdout.split()[-1])) < 100
