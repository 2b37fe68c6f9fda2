"""Small forms of the project page: a complaint, an audit finding and its next step, a warranty
item, a claim or return visit, a reply, carrying a defect over into warranty.

    dlg = FormDialog(title, submit, parent)
    dlg.text("resident", "投诉人"); ...
    dlg.open()

`submit(values)` calls the store operation; a refusal (InspectError) is shown in the form, in
words, and the form stays open with what was typed; on success the form closes and
`recorded` carries what `submit` returned.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import t
from ..errors import InspectError

Field = QLineEdit | QPlainTextEdit | QComboBox | QDateEdit | QCheckBox


class FormDialog(QDialog):
    recorded = Signal(object)  # what submit returned

    def __init__(
        self,
        title: str,
        submit: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit = submit
        self.fields: dict[str, Field] = {}
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("form_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.ok_button = QPushButton(t("确定", "OK"))
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._on_ok)
        cancel = QPushButton(t("取消", "Cancel"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ok_button)
        row.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addLayout(row)
        self.setMinimumWidth(440)

    def _add(self, name: str, label: str, w: Field) -> None:
        w.setObjectName(f"field_{name}")
        self.fields[name] = w
        self.form.addRow(label, w)

    def text(self, name: str, label: str, value: str = "") -> QLineEdit:
        w = QLineEdit(value)
        self._add(name, label, w)
        return w

    def long_text(self, name: str, label: str) -> QPlainTextEdit:
        w = QPlainTextEdit()
        w.setFixedHeight(72)
        self._add(name, label, w)
        return w

    def choice(self, name: str, label: str, options: list[tuple[str, Any]]) -> QComboBox:
        w = QComboBox()
        for text, data in options:
            w.addItem(text, data)
        self._add(name, label, w)
        return w

    def day(self, name: str, label: str, value: str = "", optional: bool = False) -> QDateEdit:
        w = QDateEdit()
        w.setCalendarPopup(True)
        w.setDisplayFormat("yyyy-MM-dd")
        if optional:  # the minimum shows as blank: "not given"
            w.setMinimumDate(QDate(2000, 1, 1))
            w.setSpecialValueText(t("（不填）", "(none)"))
        w.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else (
            w.minimumDate() if optional else QDate.currentDate()))  # fmt: skip
        self._add(name, label, w)
        return w

    def check(self, name: str, label: str) -> QCheckBox:
        w = QCheckBox(label)
        w.setObjectName(f"field_{name}")
        self.fields[name] = w
        self.form.addRow("", w)
        return w

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, w in self.fields.items():
            if isinstance(w, QLineEdit):
                out[name] = w.text()
            elif isinstance(w, QPlainTextEdit):
                out[name] = w.toPlainText()
            elif isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QDateEdit):
                blank = w.specialValueText() and w.date() == w.minimumDate()
                out[name] = "" if blank else w.date().toString("yyyy-MM-dd")
            else:
                out[name] = w.isChecked()
        return out

    def _on_ok(self) -> None:
        try:
            result = self.submit(self.values())
        except InspectError as e:
            self.error.setText(str(e))
            return
        self.recorded.emit(result)
        self.accept()
