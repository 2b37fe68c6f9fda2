"""The checklist form: built from the template, saved as it is filled, driven by keyboard.

Keys: Tab / Shift+Tab and Enter move between items; on a 合格/不合格 item P, F, N (or 1, 2, 3)
answer it; Ctrl+Z / Ctrl+Shift+Z undo and redo; Ctrl+D (the window's action) raises a defect from the current item;
Ctrl+Shift+P attaches a photo to it.
"""

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core import permissions
from ..core.i18n import label, pick
from ..core.item_path import entry_path
from ..core.model import NAMES, InspectionStatus, Severity
from ..core.templates import Item
from ..errors import WorkflowError
from ..store import Store, identity
from ..store.inspection_lifecycle import reopen_inspection, submit_inspection
from ..store.signatures import item_signatures, signature_status
from .form_editors import ActionEditor, Editor, editor_for
from .form_session import FormSession
from .messages import show_error


class ItemRow(QFrame):
    """One item: its label, its editor, and what a failed answer means."""

    defect_clicked = Signal()
    number: str  # as shown: 2.1, 3.2.1

    def set_number(self, number: str) -> None:
        """Its number as shown (renumbered when show-if hides items before it)."""
        if number == self.number:
            return
        self.number = number
        self.text_label.setText(
            f"{number}  {label(self.item.label)}"
            + ("  <span style='color:#c62828'>*</span>" if self.item.required else "")
        )

    def __init__(self, item: Item, number: str, parent=None):
        super().__init__(parent)
        self.item = item
        self.failed = False
        self.shown = True
        self.setObjectName("itemRow")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        text = QLabel()
        self.text_label = text
        self.number = ""
        self.set_number(number)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setMinimumWidth(320)
        tip = [item.label.en] if item.label.en else []
        if item.help:
            tip.append(label(item.help))
        if item.standard:
            tip.append(self.tr("依据：") + item.standard)
        text.setToolTip("\n".join(tip))
        self.editor: Editor = editor_for(item, self)
        # What a failure shows is made on the first failure: most rows never fail, and fewer
        # widgets keep a 200-item checklist quick to open. The area keeps its width so the
        # editors stay aligned.
        self.fail_area = QWidget()
        self.fail_area.setFixedWidth(200)
        self._badge: QLabel | None = None
        self._defect_button: QPushButton | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(text, 3)
        lay.addWidget(self.editor, 3)
        lay.addWidget(self.fail_area)

    @property
    def badge(self) -> QLabel:
        self._make_fail_widgets()
        assert self._badge is not None
        return self._badge

    def _make_fail_widgets(self) -> None:
        if self._badge is not None:
            return
        self._badge = QLabel()
        self._badge.setObjectName("severityBadge")
        self._badge.setMinimumWidth(72)
        self._badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._defect_button = QPushButton(self.tr("登记问题"))
        self._defect_button.setObjectName("raiseDefect")
        self._defect_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._defect_button.clicked.connect(self.defect_clicked)
        lay = QHBoxLayout(self.fail_area)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._badge)
        lay.addWidget(self._defect_button)
        self._badge.hide()
        self._defect_button.hide()

    def show_failed(self, failed: bool) -> None:
        if failed == self.failed:
            return  # restyling is costly; 200 rows are refreshed on every answer
        self.failed = failed
        self.setProperty("failed", failed)
        self.style().unpolish(self)
        self.style().polish(self)
        if failed:
            sev = Severity(self.item.severity)
            major = self.item.defect is not None and self.item.defect.major_hazard
            self.badge.setText(self.tr("重大隐患") if major else label(NAMES[sev]))
            self.badge.setProperty("severity", "major" if major else sev.value)
            self.badge.style().unpolish(self.badge)
            self.badge.style().polish(self.badge)
        if self._badge is not None and self._defect_button is not None:
            self._badge.setVisible(failed)
            self._defect_button.setVisible(failed)


class SetAnswer(QUndoCommand):
    def __init__(self, view: "FormView", item_id: str, old: Any, new: Any):
        super().__init__(f"{item_id}")
        self.view, self.item_id, self.old, self.new = view, item_id, old, new

    def redo(self):
        self.view._apply(self.item_id, self.new)

    def undo(self):
        self.view._apply(self.item_id, self.old)


class FormView(QWidget):
    answer_saved = Signal(str, str)  # inspection id, item id
    defect_requested = Signal(str, str)  # inspection id, item id
    photo_requested = Signal(str, str)  # inspection id, item id
    signature_requested = Signal(str, str)  # inspection id, item id

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.session: FormSession | None = None  # the inspection shown, once `load`ed
        self.locked = False
        self.rows: dict[str, ItemRow] = {}
        self.section_frames: dict[str, QWidget] = {}
        self.undo_stack = QUndoStack(self)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.saved = QLabel()
        self.saved.setObjectName("savedIndicator")
        self.submit_button = QPushButton(self.tr("提交"))
        self.submit_button.setObjectName("submitInspection")
        self.submit_button.setToolTip(self.tr("提交后记录锁定，不能再修改；缺项会逐条列出。"))
        self.submit_button.clicked.connect(lambda: self.submit())
        self.reopen_button = QPushButton(self.tr("退回修改…"))
        self.reopen_button.setObjectName("reopenInspection")
        self.reopen_button.clicked.connect(lambda: self.reopen())
        self.lock_notice = QLabel()  # why this record is read-only here, in words
        self.lock_notice.setObjectName("lockNotice")
        self.lock_notice.setWordWrap(True)
        self.lock_notice.setStyleSheet("color: #c92a2a;")
        self.lock_notice.hide()
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.progress)
        head.addWidget(self.saved)
        head.addWidget(self.submit_button)
        head.addWidget(self.reopen_button)

        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setSpacing(2)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.body)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.lock_notice)
        lay.addWidget(self.scroll_area, 1)

        for text, keys, slot in (
            (self.tr("撤销"), QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            (self.tr("重做"), QKeySequence.StandardKey.Redo, self.undo_stack.redo),
            (self.tr("为当前项添加照片"), QKeySequence("Ctrl+Shift+P"), self._attach_photo),
        ):
            action = QAction(text, self)
            action.setShortcuts(
                QKeySequence.keyBindings(keys)
                if isinstance(keys, QKeySequence.StandardKey)
                else [keys]
            )
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self._enter_filter = _EnterMovesOn(self)

    # ----- building --------------------------------------------------------------------------

    @property
    def _live(self) -> FormSession:
        """The session of the inspection shown: the form's rows and actions exist only once
        one is loaded."""
        assert self.session is not None, "no inspection loaded"
        return self.session

    def load(self, inspection_id: str) -> None:
        self.session = FormSession(self.store, inspection_id)
        self.undo_stack.clear()
        tpl, insp = self.session.template, self.session.inspection
        self.title.setText(insp.title or label(tpl.title))
        version = self.tr("第 %1 版").replace("%1", str(tpl.version))
        status = label(NAMES[InspectionStatus(insp.status)])
        self.subtitle.setText(f"{label(tpl.title)} · {version} · {status}")
        while self.body_layout.count():
            taken = self.body_layout.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w:
                w.deleteLater()
        self.rows.clear()
        self.section_frames.clear()
        self.section_headers: dict[str, QLabel] = {}
        self.groups: dict[str, QVBoxLayout] = {}
        for si, section in enumerate(tpl.sections, start=1):
            frame = QWidget()
            fl = QVBoxLayout(frame)
            fl.setContentsMargins(0, 8, 0, 0)
            number = pick(f"{_chinese_number(si)}、", f"{si}. ")
            header = QLabel(number + label(section.title))
            header.setObjectName("sectionHeader")
            self.section_headers[section.id] = header
            fl.addWidget(header)
            if section.repeat:
                entries = QVBoxLayout()
                fl.addLayout(entries)
                add = QPushButton(self.tr("＋ 添加一条：%1").replace("%1", label(section.title)))
                add.setObjectName("addEntry")
                add.clicked.connect(lambda _c=False, sec=section: self.add_entry(sec.id))
                fl.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
                self.groups[section.id] = entries
                self._build_entries(section, si)
            else:
                for ii, item in enumerate(section.items, start=1):
                    fl.addWidget(self._row(item, item.id, f"{si}.{ii}", frame))
            self.section_frames[section.id] = frame
            self.body_layout.addWidget(frame)
        self.body_layout.addStretch(1)
        self.saved.setText("")
        self._show_lock()
        self.refresh()
        first = self.first_visible()
        if first:
            first.editor.focus_target().setFocus()

    def _row(self, item, path: str, number: str, parent: QWidget) -> ItemRow:
        row = ItemRow(item, number, parent)
        row.editor.set_value(self._live.value(path))
        row.editor.edited.connect(lambda value, p=path: self._edited(p, value))
        row.defect_clicked.connect(lambda p=path: self._raise_defect(p))
        if hasattr(row.editor, "requested"):
            signal = self.photo_requested if item.type == "photo" else self.signature_requested
            row.editor.requested.connect(
                lambda p=path, s=signal: s.emit(self._live.inspection.id, p)
            )
        for w in row.editor.inputs():
            w.installEventFilter(self._enter_filter)
        self.rows[path] = row
        return row

    def _build_entries(self, section, si: int) -> None:
        """(Re)build the entries of a repeating section from the stored answers."""
        layout = self.groups[section.id]
        while layout.count():
            taken = layout.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w:
                w.deleteLater()
        for path in [p for p in self.rows if p.startswith(f"{section.id}[")]:
            del self.rows[path]
        for i, entry in enumerate(self._live.entries(section.id)):
            box = QFrame()
            box.setObjectName("entryBox")
            bl = QVBoxLayout(box)
            bl.setContentsMargins(8, 4, 8, 8)
            head = QHBoxLayout()
            name = entry.get(section.entry_label) if section.entry_label else ""
            title = QLabel(
                self.tr("第 %1 条").replace("%1", str(i + 1)) + (f"：{name}" if name else "")
            )
            title.setObjectName("entryTitle")
            remove = QPushButton(self.tr("删除此条"))
            remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            remove.clicked.connect(lambda _c=False, sec=section.id, n=i: self.remove_entry(sec, n))
            head.addWidget(title, 1)
            head.addWidget(remove)
            bl.addLayout(head)
            for ii, item in enumerate(section.items, start=1):
                bl.addWidget(
                    self._row(item, entry_path(section.id, i, item.id), f"{si}.{i + 1}.{ii}", box)
                )
            layout.addWidget(box)

    def _renumber(self, visible: set[str]) -> None:
        """Numbers without gaps: 2.1, 2.2 where show-if hides the item between (and 一、二、
        where it hides a whole section)."""
        shown_sections = 0
        for section in self._live.template.sections:
            if not self.section_frames[section.id].isVisibleTo(self.body):
                continue
            shown_sections += 1
            si = shown_sections
            self.section_headers[section.id].setText(
                pick(f"{_chinese_number(si)}、", f"{si}. ") + label(section.title)
            )
            groups = (
                [(f"{si}.{i + 1}.", [entry_path(section.id, i, it.id) for it in section.items])
                 for i in range(len(self._live.entries(section.id)))]
                if section.repeat
                else [(f"{si}.", [it.id for it in section.items])]
            )  # fmt: skip
            for prefix, paths in groups:
                n = 0
                for path in paths:
                    if path in visible and path in self.rows:
                        n += 1
                        self.rows[path].set_number(f"{prefix}{n}")

    def _section_number(self, section_id: str) -> int:
        return next(i for i, s in enumerate(self._live.template.sections, 1) if s.id == section_id)

    def add_entry(self, section_id: str) -> None:
        """Append an empty entry to a repeating section (undoable) and go to it."""
        entries = self._live.entries(section_id)
        self._edited(section_id, [*entries, {}])
        first = self._live.template.sections[self._section_number(section_id) - 1].items[0]
        row = self.rows.get(entry_path(section_id, len(entries), first.id))
        if row:
            row.editor.focus_target().setFocus()
            self.scroll_area.ensureWidgetVisible(row)

    def remove_entry(self, section_id: str, index: int) -> None:
        entries = self._live.entries(section_id)
        if 0 <= index < len(entries):
            self._edited(section_id, entries[:index] + entries[index + 1 :])

    def first_visible(self) -> ItemRow | None:
        return next((self.rows[p] for p in self.evaluation.visible if p in self.rows), None)

    # ----- answering -------------------------------------------------------------------------

    def _edited(self, path: str, value: Any) -> None:
        old = self._live.value(path)
        if old == value:
            return
        self.undo_stack.push(SetAnswer(self, path, old, value))

    def _apply(self, path: str, value: Any) -> None:
        try:
            self._live.set_answer(path, value)
        except Exception as e:
            show_error(self, e)
            self.session = FormSession(self.store, self._live.inspection.id)  # what is stored
        group = next(
            (
                s
                for s in self._live.template.sections
                if s.repeat and (path == s.id or path.startswith(f"{s.id}["))
            ),
            None,
        )
        if group is not None and (
            path == group.id
            or path.endswith(f".{group.entry_label}")
            or len(self._live.entries(group.id)) != self._entry_count(group.id)
        ):
            self._build_entries(group, self._section_number(group.id))
        elif path in self.rows:
            self.rows[path].editor.set_value(self._live.value(path))
        self.saved.setText(self.tr("已保存"))
        self.refresh()
        self.answer_saved.emit(self._live.inspection.id, path)

    def _entry_count(self, section_id: str) -> int:
        return len({p.split("]")[0] for p in self.rows if p.startswith(f"{section_id}[")})

    def set_answer(self, path: str, value: Any) -> None:
        """Answer an item as if the user had (undoable)."""
        if path in self.rows:
            self.rows[path].editor.set_value(value)
        self._edited(path, value)

    def refresh(self) -> None:
        """Show-if visibility, failures, computed values and progress, live."""
        ev = self._live.evaluate()
        visible = set(ev.visible)
        failed = set(ev.failed)
        signed = item_signatures(self.store, self._live.inspection.id)
        for path, row in self.rows.items():
            if row.shown != (path in visible):
                row.shown = path in visible
                row.setVisible(row.shown)
            row.show_failed(path in failed)
            if path in ev.computed:
                row.editor.set_value(ev.computed[path])
            if row.item.type == "signature" and isinstance(row.editor, ActionEditor):
                sig = signed.get(path)
                row.editor.show_signature(
                    sig, signature_status(self.store, sig) if sig is not None else None
                )
        for section in self._live.template.sections:
            frame = self.section_frames[section.id]
            if section.repeat:
                want = all(c.holds(self._live.answers) for c in section.show_if)
            else:
                want = any(i.id in visible for i in section.items)
            if frame.isVisibleTo(self.body) != want:
                frame.setVisible(want)
        self._renumber(visible)
        text = self.tr("已填 %1 项").replace("%1", str(ev.answered))
        if ev.required:
            text += " · " + self.tr("必填 %1 / %2").replace(
                "%1", str(ev.required_answered)
            ).replace("%2", str(ev.required))
        if ev.failed:
            text += " · " + self.tr("不合格 %1 项").replace("%1", str(len(ev.failed)))
        if ev.missing_evidence:
            text += " · " + self.tr("缺照片 %1 项").replace("%1", str(len(ev.missing_evidence)))
        self.progress.setText(text)
        self.evaluation = ev

    # ----- the record's lifecycle: who may change it, submitting, reopening -----------------

    def _show_lock(self) -> None:
        """Answers are read-only, saying why, when the signed-in user may not change them or the
        record is submitted; the store refuses the same whatever window sends it. Signature
        items stay open: a co-signer signs a submitted record too."""
        insp = self._live.inspection
        who = identity.current(self.store)
        reason = ""
        try:
            if who is None:
                raise WorkflowError(self.tr("尚未登录。"))
            permissions.check_edit_inspection(who.role)
            permissions.check_open(insp.status)
        except WorkflowError as e:
            reason = str(e)
        if insp.status == InspectionStatus.REOPENED and insp.events:
            last = insp.events[-1]
            if last.get("action") == "reopened":
                note = self.tr("已退回修改：%1").replace("%1", last.get("reason", ""))
                reason = f"{note}\n{reason}" if reason else note
        self.lock_notice.setText(reason)
        self.lock_notice.setVisible(bool(reason))
        self.locked = who is None or not (
            who.role in permissions.INSPECT_ROLES and insp.status in permissions.EDITABLE
        )
        for row in self.rows.values():
            if row.item.type != "signature":
                for w in row.editor.inputs():
                    w.setEnabled(not self.locked)
        for w in self.body.findChildren(QPushButton, "addEntry"):
            w.setEnabled(not self.locked)
        self.submit_button.setVisible(not self.locked)
        office = who is not None and who.role in permissions.OFFICE
        self.reopen_button.setVisible(office and insp.status == InspectionStatus.SUBMITTED)

    def submit(self) -> bool:
        """Submit (lock) the record; refused, naming each missing item, photo or void
        signature, until it is complete."""
        try:
            submit_inspection(self.store, self._live.inspection.id)
        except Exception as e:
            show_error(self, e)
            return False
        self.load(self._live.inspection.id)
        self.answer_saved.emit(self._live.inspection.id, "")
        return True

    def reopen(self, reason: str | None = None) -> bool:
        """A supervisor sends a submitted record back, with a written reason."""
        if reason is None:
            from PySide6.QtWidgets import QInputDialog

            reason, ok = QInputDialog.getMultiLineText(
                self, self.tr("退回修改"), self.tr("退回理由（必填，记入记录）：")
            )
            if not ok:
                return False
        try:
            reopen_inspection(self.store, self._live.inspection.id, reason)
        except Exception as e:
            show_error(self, e)
            return False
        self.load(self._live.inspection.id)
        self.answer_saved.emit(self._live.inspection.id, "")
        return True

    # ----- moving and acting from the keyboard -----------------------------------------------

    def current_item(self) -> str | None:
        """The path of the item that has the focus."""
        w: QWidget | None = self.focusWidget()
        while w is not None and not isinstance(w, ItemRow):
            w = w.parentWidget()
        if w is None:
            return None
        return next((p for p, row in self.rows.items() if row is w), None)

    def focus_next(self, backwards: bool = False) -> None:
        order = [p for p in self.evaluation.visible if p in self.rows]  # as last refreshed
        current = self.current_item()
        i = order.index(current) if current in order else -1
        j = i - 1 if backwards else i + 1
        if 0 <= j < len(order):
            row = self.rows[order[j]]
            row.editor.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll_area.ensureWidgetVisible(row)

    def _raise_defect(self, item_id: str | None = None) -> bool:
        """Raise a defect from an item (the current one by default); False if none is current."""
        item_id = item_id or self.current_item()
        if item_id:
            self.defect_requested.emit(self._live.inspection.id, item_id)
        return bool(item_id)

    def _attach_photo(self) -> None:
        item_id = self.current_item()
        if item_id:
            self.photo_requested.emit(self._live.inspection.id, item_id)


class _EnterMovesOn(QObject):
    """Enter on an item's editor commits it and moves to the next item."""

    def __init__(self, view: FormView):
        super().__init__(view)
        self.view = view

    def eventFilter(self, obj, event):
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key()
            in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            )
            and (
                event.modifiers() == Qt.KeyboardModifier.NoModifier
                or event.modifiers() == Qt.KeyboardModifier.KeypadModifier
            )
        ):
            if hasattr(obj, "editingFinished"):
                obj.editingFinished.emit()
            self.view.focus_next()
            return True
        return False


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
