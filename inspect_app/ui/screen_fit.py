"""Every window fits the screen it opens on: a 1366×768 field laptop, or 1920×1080 at 150%.

Windows ask for a comfortable size; `fit` caps it at the available screen less a window
frame. `ScreenFit`, installed on the application, does the same for every top-level window as it
is shown (Qt's own dialogs, message boxes), so no window opens with its buttons off-screen.
"""

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

# What a window manager adds around a window: a title bar and thin borders.
FRAME = QSize(16, 40)


def available(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (else the primary one) that windows may use."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, 1366, 768)


def room(widget: QWidget | None = None) -> QSize:
    """The largest window content that fits with its frame."""
    area = available(widget)
    return QSize(max(320, area.width() - FRAME.width()), max(240, area.height() - FRAME.height()))


def fit(widget: QWidget, width: int, height: int) -> None:
    """Resize to (width, height), or less where the screen is smaller."""
    r = room(widget.parentWidget() or widget)
    widget.resize(min(width, r.width()), min(height, r.height()))


def clamp(window: QWidget) -> None:
    """Shrink a shown window to the screen and move it fully onto it."""
    area = available(window)
    r = room(window)
    w, h = window.width(), window.height()
    if w > r.width() or h > r.height():
        window.resize(min(w, r.width()), min(h, r.height()))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), max(area.x(), area.right() + 1 - frame.width()))
    y = min(max(frame.y(), area.y()), max(area.y(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


class ScreenFit(QObject):
    """Application-wide: every top-level window is kept within its screen when shown."""

    SKIP = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and obj.windowType() not in self.SKIP
        ):
            if isinstance(obj, QMessageBox):
                wrap_message(obj)
            clamp(obj)
        return False


def wrap_message(box: QMessageBox) -> None:
    """A long message wraps within half the screen rather than widening the box past it."""
    from PySide6.QtWidgets import QLabel

    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:
        label.setWordWrap(True)
        label.setMaximumWidth(max(360, room(box).width() // 2))


_installed: ScreenFit | None = None


def install(app: QApplication) -> None:
    """Once per application."""
    global _installed
    if _installed is None:
        _installed = ScreenFit(app)
        app.installEventFilter(_installed)
