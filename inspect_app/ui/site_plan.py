"""The site plan (总平面图) of a community with its defects pinned on it.

The plan is a blob (PNG/JPEG as imported, or a PDF page rendered by QtPdf); its SHA-256 is
`Project.site_plan_sha256`. A pin stands at `Defect.plan_x/plan_y`, fractions of the plan's
width and height, so it stays put whatever the zoom or the plan's resolution.

Pins are pixmap items sharing a few cached sprites, painted by Qt itself (no Python call per
pin per frame), and ignore the view's transformation so they keep their size at any zoom:
5,000 of them pan and zoom smoothly.

Keys: + / - zoom, 0 fit, arrows pan, N / Shift+N next / previous pin, Enter open,
Alt+arrows nudge the selected pin, P place a pin (Enter or a click puts it down), Esc cancel.
"""

from functools import cache

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QLabel,
)

from ..core import defect_status
from ..core.i18n import current
from ..core.model import NAMES, Defect, DefectStatus, Project, Severity
from ..errors import InspectError
from ..store import Store, defects, navigation
from .messages import show_error
from .plan_import import plan_image

SEVERITY_COLOURS = {
    Severity.MINOR: QColor("#d89a00"),  # amber
    Severity.SERIOUS: QColor("#e8590c"),  # orange
    Severity.MAJOR: QColor("#c92a2a"),  # red
}
PIN_SIZE = 14  # device pixels, at any zoom
BLANK_PLAN = QSize(1600, 1000)  # the canvas when no plan was imported yet
MAX_ZOOM = 8.0  # times the plan's own pixels


@cache
def _status_paths() -> dict[DefectStatus, tuple[QPainterPath, bool]]:
    """Each status its shape, and whether it is filled (done work is drawn hollow)."""
    r = PIN_SIZE / 2
    circle = QPainterPath()
    circle.addEllipse(QPointF(0, 0), r, r)
    square = QPainterPath()
    square.addRect(QRectF(-r * 0.85, -r * 0.85, r * 1.7, r * 1.7))
    diamond = QPainterPath()
    diamond.addPolygon(QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)]))
    diamond.closeSubpath()
    shapes = {
        DefectStatus.OPEN: circle,
        DefectStatus.ASSIGNED: square,
        DefectStatus.RECTIFIED: diamond,
        DefectStatus.VERIFIED: diamond,
        DefectStatus.CLOSED: circle,
    }
    # Filled while work is still to do; hollow once the fix passed 复查 (core.defect_status).
    return {st: (path, st not in defect_status.FIXED) for st, path in shapes.items()}


_sprites: dict[tuple, QPixmap] = {}


def draw_pin(painter: QPainter, status: DefectStatus, colour: QColor, selected: bool) -> None:
    """A pin's symbol centred on (0, 0): its shape says the status, its colour the severity."""
    path, filled = _status_paths()[status]
    if selected:
        painter.setPen(QPen(QColor("#1c64b4"), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(0, 0), PIN_SIZE * 0.9, PIN_SIZE * 0.9)
    painter.setPen(QPen(QColor("white"), 4))  # a halo keeps pins readable on any plan
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.setPen(QPen(colour.darker(130) if filled else colour, 1.5 if filled else 3))
    painter.setBrush(QBrush(colour) if filled else QBrush(QColor(255, 255, 255, 200)))
    painter.drawPath(path)


def sprite(status: DefectStatus, colour: QColor, selected: bool) -> QPixmap:
    """The bitmap of one look, made once and shared by every pin that looks like it."""
    dpr = (
        QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1
    )
    key = (status, colour.rgba(), selected, dpr)
    pm = _sprites.get(key)
    if pm is None:
        pm = QPixmap(round(2 * PIN_SIZE * dpr), round(2 * PIN_SIZE * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(PIN_SIZE, PIN_SIZE)
        draw_pin(p, status, colour, selected)
        p.end()
        _sprites[key] = pm
    return pm


class PinItem(QGraphicsPixmapItem):
    """One defect on the plan: a shared sprite, painted by Qt itself (no Python per frame).

    The view keeps the selection (not the scene's, whose dashed frame would hide the symbol).
    """

    def __init__(self, defect_id: str, title: str, severity: str, status: str):
        super().__init__()
        self.defect_id = defect_id
        self.selected = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        )
        self.setOffset(-PIN_SIZE, -PIN_SIZE)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.MaskShape)  # hit only on the symbol
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.set_defect(title, severity, status)
        self._press_pos: QPointF | None = None

    def set_defect(self, title: str, severity: str, status: str) -> None:
        self.title, self.severity, self.status = title, Severity(severity), DefectStatus(status)
        self.colour = SEVERITY_COLOURS[self.severity]
        self.setToolTip(f"{title}\n{NAMES[self.severity][_lang()]} · {NAMES[self.status][_lang()]}")
        self._restyle()

    def set_selected(self, on: bool) -> None:
        self.selected = on
        self._restyle()

    def _restyle(self) -> None:
        self.setPixmap(sprite(self.status, self.colour, self.selected))
        # Open work above done work, the selected pin above all.
        self.setZValue(3 if self.selected else 2 if self.status != DefectStatus.CLOSED else 1)

    def _plan(self) -> "PlanScene | None":
        scene = self.scene()
        return scene if isinstance(scene, PlanScene) else None

    def mousePressEvent(self, event) -> None:
        self._press_pos = self.pos()
        if (scene := self._plan()) is not None:
            scene.pin_pressed.emit(self.defect_id)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        # Clamped here rather than in itemChange: a Python itemChange on items that are later
        # removed from the scene trips a reference-count bug in PySide6 6.12.
        super().mouseMoveEvent(event)
        if (scene := self._plan()) is not None:
            self.setPos(_clamp(self.pos(), scene.plan_rect))

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        scene = self._plan()
        if self._press_pos is not None and self.pos() != self._press_pos and scene is not None:
            scene.pin_dragged.emit(self.defect_id)
        self._press_pos = None

    def mouseDoubleClickEvent(self, event) -> None:
        if (scene := self._plan()) is not None:
            scene.pin_activated.emit(self.defect_id)


def _lang() -> str:
    """Which of the domain names (core.model.NAMES) to show."""
    return current()


def _clamp(p: QPointF, rect: QRectF) -> QPointF:
    return QPointF(
        min(max(p.x(), rect.left()), rect.right()), min(max(p.y(), rect.top()), rect.bottom())
    )


class PlanScene(QGraphicsScene):
    pin_pressed = Signal(str)
    pin_dragged = Signal(str)
    pin_activated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        # Pins move and there is one plan item: no tree to keep up to date. With pins painted
        # by Qt a BSP index measured the same (bench/site_plan.py); with Python-painted pins
        # it was 5× slower on pan.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.plan_rect = QRectF(0, 0, BLANK_PLAN.width(), BLANK_PLAN.height())


class Legend(QFrame):
    """Colours for severity, shapes for status: drawn with the pins' own paths."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sitePlanLegend")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        lang = _lang()
        for row, sev in enumerate(Severity):
            grid.addWidget(_symbol(sev, DefectStatus.OPEN), row, 0)
            grid.addWidget(QLabel(NAMES[sev][lang]), row, 1)
        for row, status in enumerate(DefectStatus):
            grid.addWidget(_symbol(Severity.MINOR, status, grey=True), row, 2)
            grid.addWidget(QLabel(NAMES[status][lang]), row, 3)


def _symbol(severity: Severity, status: DefectStatus, grey: bool = False) -> QLabel:
    # grey: the status shapes, apart from any severity
    colour = QColor("#5c6b7a") if grey else SEVERITY_COLOURS[severity]
    label = QLabel()
    label.setPixmap(sprite(status, colour, False))
    return label


class SitePlanView(QGraphicsView):
    """The plan with its pins. Moving a pin saves it through the store (audited, synced)."""

    pin_placed = Signal(float, float)  # fractions of the plan, where the user put a new pin
    defect_opened = Signal(str)
    pin_moved = Signal(str, float, float)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.project_id = ""
        self.pins: dict[str, PinItem] = {}
        self._selected: PinItem | None = None
        self.show_closed = True
        self.placing = False
        self._place_target = ""  # a defect waiting for its pin, or "" for a new one
        self._fitted = True  # follow the window size until the user zooms
        self._nudged: set[str] = set()
        self._nudge_timer = QTimer(self, singleShot=True, interval=600)
        self._nudge_timer.timeout.connect(self.flush_moves)

        self.plan_scene = PlanScene(self)
        self.plan_scene.pin_pressed.connect(self.select_pin_quietly)
        self.plan_scene.pin_dragged.connect(self._on_scene_pin_dragged)
        self.plan_scene.pin_activated.connect(self.defect_opened)
        self.setScene(self.plan_scene)
        self.plan_item = QGraphicsPixmapItem()
        self.plan_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.plan_item.setZValue(0)
        self.plan_scene.addItem(self.plan_item)

        self.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setBackgroundBrush(QColor("#e9edf2"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("总平面图"))
        self.legend = Legend(self)

    # ----- loading ---------------------------------------------------------------------------

    def load_project(self, project_id: str) -> None:
        """Show a community's plan and the pins of its defects."""
        self.flush_moves()
        self.project_id = project_id
        project = self.store.get(Project, project_id)
        image = plan_image(self.store, project)
        if image is None:
            pm = QPixmap(BLANK_PLAN)
            pm.fill(QColor("#fbfcfd"))
            _draw_blank(pm)
        else:
            pm = QPixmap.fromImage(image)
        self.plan_item.setPixmap(pm)
        self.plan_scene.plan_rect = QRectF(pm.rect())
        self.plan_scene.setSceneRect(QRectF(pm.rect()))
        self.has_plan = image is not None
        self.reload_pins()
        self.fit()

    def reload_pins(self) -> None:
        keep = self._selected.defect_id if self._selected else ""
        self._selected = None
        for item in self.pins.values():
            self.plan_scene.removeItem(item)
        self.pins = {}
        for pin in navigation.plan_pins(self.store, self.project_id, self.show_closed):
            self._add_pin(pin.defect_id, pin.title, pin.severity, pin.status, pin.x, pin.y)
        if keep in self.pins:
            self.select_pin_quietly(keep)

    def _add_pin(self, did, title, severity, status, x, y) -> PinItem:
        item = PinItem(did, title, severity, status)
        self.plan_scene.addItem(item)
        item.setPos(self._to_scene(x, y))
        self.pins[did] = item
        return item

    def update_defect(self, defect: Defect) -> None:
        """Bring one pin up to date after the defect changed elsewhere."""
        item = self.pins.get(defect.id)
        if (
            defect.deleted
            or defect.plan_x is None
            or defect.plan_y is None
            or defect.project_id != self.project_id
        ):
            if item:
                if item is self._selected:
                    self._selected = None
                self.plan_scene.removeItem(self.pins.pop(defect.id))
            return
        if item is None:
            self._add_pin(
                defect.id,
                defect.title,
                defect.severity,
                defect.status,
                defect.plan_x,
                defect.plan_y,
            )
        else:
            item.set_defect(defect.title, defect.severity, defect.status)
            item.setPos(self._to_scene(defect.plan_x, defect.plan_y))

    def _to_scene(self, x: float, y: float) -> QPointF:
        r = self.plan_scene.plan_rect
        return QPointF(r.left() + x * r.width(), r.top() + y * r.height())

    def to_plan(self, p: QPointF) -> tuple[float, float]:
        r = self.plan_scene.plan_rect
        p = _clamp(p, r)
        return round((p.x() - r.left()) / r.width(), 4), round((p.y() - r.top()) / r.height(), 4)

    # ----- placing and moving ----------------------------------------------------------------

    def begin_place(self, defect_id: str = "") -> None:
        """The next click (or Enter: the view's centre) puts a pin down."""
        self.placing, self._place_target = True, defect_id
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.viewport().update()

    def cancel_place(self) -> None:
        self.placing, self._place_target = False, ""
        self.viewport().unsetCursor()
        self.viewport().update()

    def _place_at(self, scene_pos: QPointF) -> None:
        x, y = self.to_plan(scene_pos)
        target = self._place_target
        self.cancel_place()
        if target:
            self._save_position(target, x, y)
            self.update_defect(self.store.get(Defect, target))
        else:
            self.pin_placed.emit(x, y)

    def _on_scene_pin_dragged(self, defect_id: str) -> None:
        item = self.pins[defect_id]
        self._save_position(defect_id, *self.to_plan(item.pos()))

    def _save_position(self, defect_id: str, x: float, y: float) -> None:
        defect = self.store.get(Defect, defect_id)
        defect.plan_x, defect.plan_y = x, y
        try:  # the store's rules: a contractor moves no pin, another firm's least of all
            defects.edit_defect(self.store, defect)
        except InspectError as e:
            show_error(self, e)
            self.update_defect(self.store.get(Defect, defect_id))  # back where it was
            return
        self.pin_moved.emit(defect_id, x, y)

    def flush_moves(self) -> None:
        """Save pins nudged by keyboard (saved together once the keys rest)."""
        self._nudge_timer.stop()
        nudged, self._nudged = self._nudged, set()
        for did in sorted(nudged):
            if did in self.pins:
                self._save_position(did, *self.to_plan(self.pins[did].pos()))

    def selected_pin(self) -> PinItem | None:
        return self._selected

    def select_pin(self, defect_id: str) -> None:
        """Select a pin and bring it into view."""
        self.select_pin_quietly(defect_id)
        self.centerOn(self.pins[defect_id])

    def select_pin_quietly(self, defect_id: str) -> None:
        """Select a pin where it is ("" clears the selection)."""
        if self._selected is not None:
            self._selected.set_selected(False)
        self._selected = self.pins.get(defect_id)
        if self._selected is not None:
            self._selected.set_selected(True)

    # ----- zoom ------------------------------------------------------------------------------

    def fit(self) -> None:
        self.fitInView(self.plan_scene.plan_rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = True

    def zoom(self, factor: float) -> None:
        current = self.transform().m11()
        fit = min(
            self.viewport().width() / max(1.0, self.plan_scene.plan_rect.width()),
            self.viewport().height() / max(1.0, self.plan_scene.plan_rect.height()),
        )
        target = min(max(current * factor, fit * 0.5), MAX_ZOOM)
        if target != current:
            self.scale(target / current, target / current)
            self._fitted = False

    def zoom_level(self) -> float:
        return self.transform().m11()

    # ----- events ----------------------------------------------------------------------------

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.2**steps)
        event.accept()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()
        hint = self.legend.sizeHint()
        self.legend.setGeometry(10, self.viewport().height() - hint.height() - 10, *hint.toTuple())

    def mousePressEvent(self, event) -> None:
        if self.placing and event.button() == Qt.MouseButton.LeftButton:
            self._place_at(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:
        key, mods = event.key(), event.modifiers()
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        pin = self.selected_pin()
        arrows = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) or event.matches(
            QKeySequence.StandardKey.ZoomIn
        ):
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom(1.25)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        elif key == Qt.Key.Key_Minus or event.matches(QKeySequence.StandardKey.ZoomOut):
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.zoom(0.8)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_P and not self.placing:
            self.begin_place()
        elif key == Qt.Key.Key_Escape:
            if self.placing:
                self.cancel_place()
            else:
                self.select_pin_quietly("")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.placing:
                self._place_at(self.mapToScene(self.viewport().rect().center()))
            elif pin:
                self.defect_opened.emit(pin.defect_id)
        elif key == Qt.Key.Key_N:
            back = bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self._step_pin(-1 if back else 1)
        elif alt and pin and key in arrows:
            dx, dy = arrows[key]
            step = 0.001 if mods & Qt.KeyboardModifier.ShiftModifier else 0.005
            r = self.plan_scene.plan_rect
            pin.setPos(pin.pos() + QPointF(dx * step * r.width(), dy * step * r.height()))
            self._nudged.add(pin.defect_id)
            self._nudge_timer.start()
        else:
            super().keyPressEvent(event)

    def _step_pin(self, direction: int) -> None:
        """Pins in reading order (top to bottom, left to right)."""
        if not self.pins:
            return
        order = sorted(self.pins.values(), key=lambda i: (round(i.y()), i.x()))
        pin = self.selected_pin()
        i = order.index(pin) + direction if pin in order else (0 if direction > 0 else -1)
        self.select_pin(order[i % len(order)].defect_id)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if not self.placing:
            return
        # A crosshair at the centre: where Enter puts the pin.
        painter.save()
        painter.resetTransform()
        c = self.viewport().rect().center()
        painter.setPen(QPen(QColor("#1c64b4"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(c.x() - 20, c.y(), c.x() + 20, c.y())
        painter.drawLine(c.x(), c.y() - 20, c.x(), c.y() + 20)
        painter.restore()

    def hideEvent(self, event) -> None:
        self.flush_moves()
        super().hideEvent(event)


def _draw_blank(pm: QPixmap) -> None:
    p = QPainter(pm)
    p.setPen(QPen(QColor("#dde3ea"), 1))
    for x in range(0, pm.width(), 50):
        p.drawLine(x, 0, x, pm.height())
    for y in range(0, pm.height(), 50):
        p.drawLine(0, y, pm.width(), y)
    p.setPen(QColor("#8a96a3"))
    font = p.font()
    font.setPointSize(28)
    p.setFont(font)
    p.drawText(
        pm.rect(),
        Qt.AlignmentFlag.AlignCenter,
        QCoreApplication.translate("SitePlanView", "尚未导入总平面图\n（图片或 PDF）"),
    )
    p.end()
