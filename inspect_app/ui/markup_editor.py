"""The markup editor: arrows, circles, rectangles, freehand and text drawn over a photo, saved as
vectors in Photo.annotations (see photos/markup.py); the original is never touched.

    editor = MarkupEditor(store, photo_id)
    editor.annotations_saved.connect(...)

The canvas previews with QPainter; reports and exports draw the same data with Pillow.
"""

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Photo
from ..errors import InspectError
from ..photos.library import PhotoFiles
from ..photos.markup import DEFAULT_COLOR, MarkupError
from ..store import Store
from ..store.photo_markup import save_markup
from .photo_import import DialogService

COLORS = ("#e53935", "#fdd835", "#1e88e5", "#43a047", "#ffffff")
MIN_DRAG = 0.005  # a shape smaller than this (a click) is not kept


class MarkupCanvas(QWidget):
    annotations_changed = Signal()

    def __init__(
        self, pixmap: QPixmap, annotations: list[dict], dialogs: DialogService, parent=None
    ):
        super().__init__(parent)
        self.pixmap = pixmap
        self.annotations = [dict(a) for a in annotations]
        self.dialogs = dialogs
        self.tool = "arrow"
        self.color = DEFAULT_COLOR
        self._drawing: dict | None = None
        self.setMinimumSize(480, 360)
        self.setMouseTracking(False)

    def image_rect(self) -> QRectF:
        """Where the photo sits in the widget: fitted, centred."""
        if self.pixmap.isNull():
            return QRectF(self.rect())
        pw, ph = self.pixmap.width(), self.pixmap.height()
        k = min(self.width() / pw, self.height() / ph)
        w, h = pw * k, ph * k
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_norm(self, pos: QPointF) -> list[float]:
        r = self.image_rect()
        x = min(1.0, max(0.0, (pos.x() - r.x()) / r.width()))
        y = min(1.0, max(0.0, (pos.y() - r.y()) / r.height()))
        return [round(x, 4), round(y, 4)]

    def undo(self) -> None:
        if self.annotations:
            self.annotations.pop()
            self.update()
            self.annotations_changed.emit()

    def clear(self) -> None:
        if self.annotations:
            self.annotations = []
            self.update()
            self.annotations_changed.emit()

    # ----- Qt overrides --------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        p = self.to_norm(event.position())
        if self.tool == "text":
            text = self.dialogs.ask_text(self, self.tr("标注文字"))
            if text:
                self.annotations.append(
                    {"kind": "text", "points": [p], "text": text, "color": self.color}
                )
                self.update()
                self.annotations_changed.emit()
            return
        self._drawing = {"kind": self.tool, "points": [p, p], "color": self.color}
        self.update()

    def mouseMoveEvent(self, event) -> None:
        if self._drawing is None:
            return
        p = self.to_norm(event.position())
        if self._drawing["kind"] == "freehand":
            self._drawing["points"].append(p)
        else:
            self._drawing["points"][-1] = p
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._drawing is None:
            return
        a, self._drawing = self._drawing, None
        (x0, y0), (x1, y1) = a["points"][0], a["points"][-1]
        moved = max(abs(x1 - x0), abs(y1 - y0)) >= MIN_DRAG
        if moved or (a["kind"] == "freehand" and len(a["points"]) > 2):
            self.annotations.append(a)
            self.annotations_changed.emit()
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#303030"))
        r = self.image_rect()
        if not self.pixmap.isNull():
            p.drawPixmap(r, self.pixmap, QRectF(self.pixmap.rect()))
        for a in [*self.annotations, *([self._drawing] if self._drawing else [])]:
            self._draw(p, r, a)
        p.end()

    def _draw(self, p: QPainter, r: QRectF, a: dict) -> None:
        side = max(r.width(), r.height())
        color = QColor(a.get("color") or DEFAULT_COLOR)
        width = max(2.0, float(a.get("width") or 0.006) * side)
        pen = QPen(
            color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        )
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        pts = [QPointF(r.x() + x * r.width(), r.y() + y * r.height()) for x, y in a["points"]]
        kind = a["kind"]
        if kind in ("rect", "circle"):
            box = QRectF(pts[0], pts[1]).normalized()
            p.drawRect(box) if kind == "rect" else p.drawEllipse(box)
        elif kind == "freehand":
            path = QPainterPath(pts[0])
            for q in pts[1:]:
                path.lineTo(q)
            p.drawPath(path)
        elif kind == "arrow":
            a0, a1 = pts[0], pts[-1]
            p.drawLine(a0, a1)
            angle = math.atan2(a1.y() - a0.y(), a1.x() - a0.x())
            head = width * 5
            left = QPointF(
                a1.x() - head * math.cos(angle - 0.45), a1.y() - head * math.sin(angle - 0.45)
            )
            right = QPointF(
                a1.x() - head * math.cos(angle + 0.45), a1.y() - head * math.sin(angle + 0.45)
            )
            p.setBrush(QBrush(color))
            p.drawPolygon(QPolygonF([a1, left, right]))
        elif kind == "text":
            font = QFont(self.font())
            font.setPixelSize(max(12, round(side * 0.035)))
            p.setFont(font)
            metrics = p.fontMetrics()
            base = QPointF(pts[0].x(), pts[0].y() + metrics.ascent())
            path = QPainterPath()
            path.addText(base, font, a.get("text", ""))
            p.strokePath(path, QPen(QColor("white"), max(2.0, font.pixelSize() / 8)))
            p.fillPath(path, QBrush(color))


class MarkupEditor(QWidget):
    annotations_saved = Signal(str)  # photo id
    annotations_changed = Signal()

    TOOLS = (
        ("arrow", "箭头"),
        ("circle", "圆圈"),
        ("rect", "矩形"),
        ("freehand", "手绘"),
        ("text", "文字"),
    )

    def __init__(
        self, store: Store, photo_id: str, dialogs: DialogService | None = None, parent=None
    ):
        super().__init__(parent)
        self.store = store
        self.photo = store.get(Photo, photo_id)
        files = PhotoFiles(store)
        pixmap = QPixmap(str(files.display_path(self.photo)))
        self.canvas = MarkupCanvas(pixmap, self.photo.annotations, dialogs or DialogService(), self)
        self.canvas.annotations_changed.connect(self._on_canvas_annotations_changed)
        self.dirty = False

        bar = QHBoxLayout()
        self.tool_group = QButtonGroup(self)
        self.tool_buttons: dict[str, QToolButton] = {}
        labels = {k: self.tr(v) for k, v in self.TOOLS}
        for kind, _zh in self.TOOLS:
            b = QToolButton(self)
            b.setText(labels[kind])
            b.setCheckable(True)
            b.setObjectName(f"tool_{kind}")
            b.clicked.connect(lambda _=False, k=kind: self.set_tool(k))
            self.tool_group.addButton(b)
            self.tool_buttons[kind] = b
            bar.addWidget(b)
        bar.addSpacing(12)
        self.color_buttons: dict[str, QToolButton] = {}
        for c in COLORS:
            b = QToolButton(self)
            b.setCheckable(True)
            b.setFixedSize(24, 24)
            b.setStyleSheet(
                f"QToolButton {{ background: {c}; border: 1px solid #555; }}"
                " QToolButton:checked { border: 3px solid black; }"
            )
            b.clicked.connect(lambda _=False, col=c: self.set_color(col))
            self.color_buttons[c] = b
            bar.addWidget(b)
        bar.addStretch(1)
        self.undo_button = QPushButton(self.tr("撤销"), self)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = QPushButton(self.tr("清除"), self)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.save_button = QPushButton(self.tr("保存标注"), self)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        for button in (self.undo_button, self.clear_button, self.save_button):
            bar.addWidget(button)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.error)
        self.set_tool("arrow")
        self.set_color(DEFAULT_COLOR)

    @property
    def annotations(self) -> list[dict]:
        return self.canvas.annotations

    def set_tool(self, kind: str) -> None:
        self.canvas.tool = kind
        self.tool_buttons[kind].setChecked(True)

    def set_color(self, color: str) -> None:
        self.canvas.color = color
        for c, b in self.color_buttons.items():
            b.setChecked(c == color)

    @Slot()
    def save(self) -> None:
        try:
            self.photo = save_markup(self.store, self.photo.id, self.canvas.annotations)
        except (InspectError, MarkupError) as e:  # said in words; the drawing stays to retry
            self.error.setText(str(e))
            return
        self.error.clear()
        self.dirty = False
        self.save_button.setEnabled(False)
        self.annotations_saved.emit(self.photo.id)

    @Slot()
    def _on_canvas_annotations_changed(self) -> None:
        self.dirty = True
        self.save_button.setEnabled(True)
        self.annotations_changed.emit()
