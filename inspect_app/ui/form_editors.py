"""One editor widget per checklist item type. Each shows an answer and emits `edited(value)`
when the user changes it; `set_value` never emits."""

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QDoubleValidator, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..core.i18n import label
from ..core.templates import FAIL, NA, PASS, Item

PASS_FAIL_KEYS = {
    Qt.Key.Key_P: PASS,
    Qt.Key.Key_1: PASS,
    Qt.Key.Key_Y: PASS,
    Qt.Key.Key_F: FAIL,
    Qt.Key.Key_2: FAIL,
    Qt.Key.Key_X: FAIL,
    Qt.Key.Key_N: NA,
    Qt.Key.Key_3: NA,
}


class Editor(QWidget):
    edited = Signal(object)

    def __init__(self, item: Item, parent=None):
        super().__init__(parent)
        self.item = item
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self

    def inputs(self) -> list[QWidget]:
        """Every widget that takes keys, for Enter-moves-on."""
        return [self.focus_target()]


class PassFailEditor(Editor):
    """合格 / 不合格 / 不适用 as one painted segmented control (one widget instead of three
    buttons: checklists have hundreds). Click a segment, or press P, F, N (or 1, 2, 3);
    picking the current answer again, or Backspace, clears it."""

    SEGMENTS = (
        (PASS, QT_TRANSLATE_NOOP("PassFailEditor", "合格 P"), "#2e7d32"),
        (FAIL, QT_TRANSLATE_NOOP("PassFailEditor", "不合格 F"), "#c62828"),
        (NA, QT_TRANSLATE_NOOP("PassFailEditor", "不适用 N"), "#78909c"),
    )
    SEGMENT_WIDTH = 84

    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFixedHeight(30)
        self.setMinimumWidth(self.SEGMENT_WIDTH * 3 + 2)
        self.labels = [
            QCoreApplication.translate("PassFailEditor", str(t)) for _v, t, _c in self.SEGMENTS
        ]
        self._value = None

    def value(self):
        return self._value

    def _pick(self, value: str) -> None:
        new = None if self._value == value else value
        self.set_value(new)
        self.edited.emit(new)

    def set_value(self, value):
        self._value = value
        self.update()

    def _segment_at(self, x: float) -> int:
        return int(x // self.SEGMENT_WIDTH)

    def mousePressEvent(self, event) -> None:
        i = self._segment_at(event.position().x())
        if 0 <= i < 3:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._pick(self.SEGMENTS[i][0])

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height() - 2
        for i, (value, _t, color) in enumerate(self.SEGMENTS):
            rect = QRectF(1 + i * self.SEGMENT_WIDTH, 1, self.SEGMENT_WIDTH - 4, h)
            chosen = value == self._value
            p.setPen(QPen(QColor(color if chosen else "#c3cbd6"), 1))
            p.setBrush(QColor(color) if chosen else QColor("#ffffff"))
            p.drawRoundedRect(rect, 4, 4)
            p.setPen(QColor("#ffffff" if chosen else "#1f2d3d"))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.labels[i])
        if self.hasFocus():
            p.setPen(QPen(QColor("#1f5fbf"), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(0, 0, self.SEGMENT_WIDTH * 3, self.height()), 5, 5)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        value = PASS_FAIL_KEYS.get(Qt.Key(event.key()))
        if value and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._pick(value)
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and self._value:
            self._pick(self._value)
            return
        super().keyPressEvent(event)


class ChoiceEditor(Editor):
    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        if item.multiple:
            self.boxes = []
            for o in item.options:
                cb = QCheckBox(label(o.label))
                cb.setProperty("value", o.value)
                cb.toggled.connect(self._emit_multi)
                self.layout_.addWidget(cb)
                self.boxes.append(cb)
        else:
            self.combo = QComboBox()
            self.combo.addItem(self.tr("—— 请选择 ——"), None)
            for o in item.options:
                self.combo.addItem(label(o.label), o.value)
            self.combo.activated.connect(lambda _i: self.edited.emit(self.combo.currentData()))
            self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)
        self._loading = False

    def _emit_multi(self) -> None:
        if not self._loading:
            self.edited.emit([b.property("value") for b in self.boxes if b.isChecked()])

    def set_value(self, value):
        if self.item.multiple:
            self._loading = True
            picked = value or []
            for b in self.boxes:
                b.setChecked(b.property("value") in picked)
            self._loading = False
        else:
            self.combo.setCurrentIndex(max(0, self.combo.findData(value)))

    def focus_target(self):
        return self.boxes[0] if self.item.multiple else self.combo

    def inputs(self):
        return list(self.boxes) if self.item.multiple else [self.combo]


class NumberEditor(Editor):
    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.edit = QLineEdit()
        self.edit.setValidator(QDoubleValidator(self.edit))
        self.edit.setMaximumWidth(140)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        limits = []
        if item.min is not None:
            limits.append(f"≥ {item.min:g}")
        if item.max is not None:
            limits.append(f"≤ {item.max:g}")
        self.edit.setPlaceholderText(" ".join(limits))
        self.edit.editingFinished.connect(self._finish)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(QLabel(item.unit))
        self.layout_.addStretch(1)
        self._value = None

    def _finish(self) -> None:
        text = self.edit.text().strip().replace(",", ".")
        try:
            value = float(text) if text else None
        except ValueError:
            return
        if value is not None and value.is_integer():
            value = int(value)
        if value != self._value:
            self._value = value
            self.edited.emit(value)

    def set_value(self, value):
        self._value = value
        self.edit.setText("" if value is None else f"{value:g}")

    def focus_target(self):
        return self.edit


class TextEditor(Editor):
    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.edit = QLineEdit()
        self.edit.editingFinished.connect(self._finish)
        self.layout_.addWidget(self.edit)
        self._value = None

    def _finish(self):
        value = self.edit.text().strip() or None
        if value != self._value:
            self._value = value
            self.edited.emit(value)

    def set_value(self, value):
        self._value = value
        self.edit.setText(value or "")

    def focus_target(self):
        return self.edit


class DateEditor(Editor):
    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(QDate(2000, 1, 1))
        self.edit.setSpecialValueText(self.tr("未填"))
        self.edit.setDate(self.edit.minimumDate())
        self.edit.editingFinished.connect(self._finish)
        self.today = QPushButton(self.tr("今天"))
        self.today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.today.clicked.connect(self._today)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(self.today)
        self.layout_.addStretch(1)
        self._value = None

    def _today(self):
        self.edit.setDate(QDate.currentDate())
        self._finish()

    def _finish(self):
        d = self.edit.date()
        value = None if d == self.edit.minimumDate() else d.toString("yyyy-MM-dd")
        if value != self._value:
            self._value = value
            self.edited.emit(value)

    def set_value(self, value):
        self._value = value
        d = QDate.fromString(value, "yyyy-MM-dd") if value else self.edit.minimumDate()
        self.edit.setDate(d if d.isValid() else self.edit.minimumDate())

    def focus_target(self):
        return self.edit


class LocationEditor(Editor):
    PARTS = (("building", "楼栋"), ("unit", "单元"), ("room", "门牌/部位"))

    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.edits = {}
        for key, hint in self.PARTS:
            e = QLineEdit()
            e.setPlaceholderText(hint)
            e.editingFinished.connect(self._finish)
            self.layout_.addWidget(e)
            self.edits[key] = e
        self._value = None

    def _finish(self):
        value = {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()} or None
        if value != self._value:
            self._value = value
            self.edited.emit(value)

    def set_value(self, value):
        self._value = value
        for k, e in self.edits.items():
            e.setText((value or {}).get(k, ""))

    def focus_target(self):
        return self.edits["building"]

    def inputs(self):
        return list(self.edits.values())


class ActionEditor(Editor):
    """Photo and signature items: the answer is made elsewhere; this shows its state."""

    requested = Signal()

    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        text = self.tr("添加照片 (Ctrl+Shift+P)") if item.type == "photo" else self.tr("签字")
        self.button = QPushButton(text)
        self.button.clicked.connect(self.requested)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.layout_.addWidget(self.button)
        self.layout_.addWidget(self.state, 1)  # a void signature says what changed: room for it

    def set_value(self, value):
        if self.item.type == "photo":
            n = len(value or [])
            self.state.setText(self.tr("已附 %n 张照片", "", n) if n else self.tr("尚无照片"))
        elif not value:
            self.show_signature(None, None)

    def show_signature(self, sig, status) -> None:
        """A signature item's state from its Signature record: who signed and when, or VOID
        with what changed since (never an answer typed into the form)."""
        if sig is None:
            self.state.setText(self.tr("未签字"))
            self.state.setProperty("state", "unsigned")
            self.state.setStyleSheet("")
            return
        who = sig.signer_name + (self.tr("（访客·%1）").replace("%1", sig.signer_role)
                                 if sig.guest else f"（{sig.signer_role}）")  # fmt: skip
        when = sig.signed_at[:16].replace("T", " ")
        if status is not None and status.valid:
            self.state.setText(self.tr("已签字：%1 %2").replace("%1", who).replace("%2", when))
            self.state.setProperty("state", "valid")
            self.state.setStyleSheet("color: #2b8a3e;")
        else:
            changed = "、".join(status.changed_labels) if status is not None else ""
            self.state.setText(
                self.tr("签字已作废（VOID）：%1 签字后改动了 %2，请重新签字")
                .replace("%1", who)
                .replace("%2", changed)
            )
            self.state.setProperty("state", "void")
            self.state.setStyleSheet("color: #c92a2a; font-weight: 600;")

    def focus_target(self):
        return self.button


class ComputedEditor(Editor):
    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.label = QLabel("—")
        self.label.setObjectName("computed")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.label)
        self.layout_.addStretch(1)

    def set_value(self, value):
        if isinstance(value, float):
            value = f"{value:.2f}"
        self.label.setText("—" if value in (None, "") else f"{value} {self.item.unit}".strip())


class ScoreEditor(Editor):
    """A JGJ 59 item: the deduction (0 to the full score), or 不适用."""

    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.edit = QLineEdit()
        self.edit.setValidator(QDoubleValidator(0, item.full or 100, 1, self.edit))
        self.edit.setMaximumWidth(90)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setPlaceholderText(self.tr("扣分"))
        self.edit.editingFinished.connect(self._finish)
        self.na = QCheckBox(self.tr("不适用"))
        self.na.toggled.connect(self._na_toggled)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(QLabel(self.tr("/ 满分 %1").replace("%1", f"{item.full or 0:g}")))
        self.layout_.addWidget(self.na)
        self.layout_.addStretch(1)
        self._value = None
        self._loading = False

    def _finish(self):
        text = self.edit.text().strip()
        value = float(text) if text else None
        if value is not None and value.is_integer():
            value = int(value)
        if value != self._value:
            self._value = value
            self.edited.emit(value)

    def _na_toggled(self, checked: bool):
        if self._loading:
            return
        self.edit.setEnabled(not checked)
        value = NA if checked else None
        if value != self._value:
            self._value = value
            self.edited.emit(value)

    def set_value(self, value):
        self._value = value
        self._loading = True
        self.na.setChecked(value == NA)
        self.edit.setEnabled(value != NA)
        self.edit.setText("" if value in (None, NA) else f"{value:g}")
        self._loading = False

    def focus_target(self):
        return self.edit

    def inputs(self):
        return [self.edit, self.na]


class TableEditor(Editor):
    """Rows of cells (e.g. the defects along a pipe segment). Tab moves between cells,
    Ctrl+Tab leaves the table; the rows are saved when a cell is committed."""

    def __init__(self, item, parent=None):
        super().__init__(item, parent)
        self.layout_.setDirection(QBoxLayout.Direction.TopToBottom)
        self.columns = item.columns
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([label(c.label) for c in self.columns])
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(90)
        self.table.setItemDelegate(_CellDelegate(self.columns, self.table))
        self.table.itemChanged.connect(self._changed)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("＋ 添加一行"))
        add.clicked.connect(self._add_row)
        remove = QPushButton(self.tr("删除选中行"))
        remove.clicked.connect(self._remove_rows)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.layout_.addWidget(self.table)
        self.layout_.addLayout(buttons)
        self._loading = False

    def rows(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            row = {}
            for c, col in enumerate(self.columns):
                cell = self.table.item(r, c)
                raw = cell.data(Qt.ItemDataRole.UserRole) if cell else None
                if raw not in (None, ""):
                    row[col.id] = raw
            if row:
                out.append(row)
        return out

    def _changed(self, _cell):
        if not self._loading:
            self.edited.emit(self.rows() or None)

    def _add_row(self):
        self.table.insertRow(self.table.rowCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def _remove_rows(self):
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self.edited.emit(self.rows() or None)

    def set_value(self, value):
        self._loading = True
        rows = value or []
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, col in enumerate(self.columns):
                self.table.setItem(r, c, _cell(col, row.get(col.id)))
        self.table.setFixedHeight(min(60 + 26 * max(len(rows), 2), 320))
        self._loading = False

    def focus_target(self):
        return self.table

    def inputs(self):
        return []


def _cell(col, value) -> QTableWidgetItem:
    cell = QTableWidgetItem(_cell_text(col, value))
    cell.setData(Qt.ItemDataRole.UserRole, value)
    return cell


def _cell_text(col, value) -> str:
    if value in (None, ""):
        return ""
    if col.type == "choice":
        return next((label(o.label) for o in col.options if o.value == value), str(value))
    if col.type == "pass_fail":
        return {PASS: "合格", FAIL: "不合格", NA: "不适用"}.get(value, str(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


class _CellDelegate(QStyledItemDelegate):
    """Editors per column type; the stored value goes in UserRole, the text shown in Display."""

    def __init__(self, columns, parent):
        super().__init__(parent)
        self.columns = columns

    def createEditor(self, parent, option, index):
        col = self.columns[index.column()]
        if col.type in ("choice", "pass_fail"):
            combo = QComboBox(parent)
            combo.addItem("", None)
            choices = (
                [(o.value, label(o.label)) for o in col.options]
                if col.type == "choice"
                else [(PASS, "合格"), (FAIL, "不合格"), (NA, "不适用")]
            )
            for value, text in choices:
                combo.addItem(text, value)
            return combo
        edit = QLineEdit(parent)
        if col.type == "number":
            edit.setValidator(QDoubleValidator(edit))
        return edit

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.UserRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor, model, index):
        col = self.columns[index.column()]
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        else:
            text = editor.text().strip()
            value = text or None
            if col.type == "number" and text:
                value = float(text.replace(",", "."))
                value = int(value) if value.is_integer() else value
        model.setData(index, value, Qt.ItemDataRole.UserRole)
        model.setData(index, _cell_text(col, value), Qt.ItemDataRole.DisplayRole)


EDITORS = {
    "pass_fail": PassFailEditor,
    "choice": ChoiceEditor,
    "number": NumberEditor,
    "text": TextEditor,
    "date": DateEditor,
    "location": LocationEditor,
    "photo": ActionEditor,
    "signature": ActionEditor,
    "computed": ComputedEditor,
    "score": ScoreEditor,
    "table": TableEditor,
}


def editor_for(item: Item, parent=None) -> Editor:
    return EDITORS.get(item.type, TextEditor)(item, parent)
