"""F1: the keyboard shortcuts, over the window, until any key or click.

Read from the window's actions (and its pages' — the form's undo, the site plan's import) each
time it opens, so every shortcut the window answers to is listed, in the language of its action;
only the keys that no action carries (moving through a checklist) are written here.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ..core.i18n import pick

# Keys handled by the checklist's editors themselves, not by actions.
FORM_KEYS: list[tuple[str | tuple[str, str], object]] = [  # object: QT_TRANSLATE_NOOP
    ("Tab / Shift+Tab", QT_TRANSLATE_NOOP("HelpOverlay", "下一项 / 上一项")),
    ("Enter", QT_TRANSLATE_NOOP("HelpOverlay", "确认并进入下一项")),
    (
        ("P / F / N（或 1 / 2 / 3）", "P / F / N (or 1 / 2 / 3)"),
        QT_TRANSLATE_NOOP("HelpOverlay", "合格 / 不合格 / 不适用"),
    ),
]
ROWS_PER_COLUMN = 14  # two columns beyond this, so the panel fits a 768-px-high screen


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every action under `window` that has a shortcut, the window's
    own first, each key listed once; then the checklist's keys."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    everything = window.findChildren(QAction)
    own = [a for a in everything if a.parent() is window]  # the toolbar's, in its order
    for action in own + [a for a in everything if a.parent() is not window]:
        # The first binding only: Undo's platform list would add "Alt+Backspace / Undo".
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text and keys not in seen:
            seen.add(keys)
            rows.append((keys, text))
    rows += [
        (pick(*k) if isinstance(k, tuple) else k, QCoreApplication.translate("HelpOverlay", str(t)))
        for k, t in FORM_KEYS
    ]
    return rows


class HelpOverlay(QWidget):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.panel = QWidget(self)
        self.panel.setObjectName("helpPanel")
        self.grid = QGridLayout(self.panel)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignCenter)
        lay.addStretch(1)
        self.rows: list[tuple[str, str]] = []
        parent.installEventFilter(self)
        self.hide()

    def rebuild(self) -> None:
        """The list as the window's actions are now."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        parent = self.parentWidget()
        self.rows = shortcuts(parent) if parent is not None else []
        title = QLabel(self.tr("键盘快捷键"))
        title.setObjectName("pageTitle")
        columns = 1 if len(self.rows) <= ROWS_PER_COLUMN else 2
        per_column = -(-len(self.rows) // columns)
        self.grid.addWidget(title, 0, 0, 1, 2 * columns)
        for i, (keys, text) in enumerate(self.rows):
            col, row = divmod(i, per_column)
            k = QLabel(keys)
            k.setObjectName("shortcutKey")
            self.grid.addWidget(k, row + 1, 2 * col)
            self.grid.addWidget(QLabel(text), row + 1, 2 * col + 1)
        hint = QLabel(self.tr("按任意键关闭"))
        hint.setObjectName("hint")
        self.grid.addWidget(hint, per_column + 1, 0, 1, 2 * columns)

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        elif (parent := self.parentWidget()) is not None:
            self.rebuild()
            self.setGeometry(parent.rect())
            self.raise_()
            self.show()
            self.setFocus()

    def paintEvent(self, _event):
        QPainter(self).fillRect(self.rect(), QColor(20, 30, 45, 150))

    def keyPressEvent(self, _event):
        self.hide()

    def mousePressEvent(self, _event):
        self.hide()

    def eventFilter(self, obj, event):
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and self.isVisible() and parent is not None:
            self.setGeometry(parent.rect())
        return False
