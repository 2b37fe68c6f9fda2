"""The project page: a community's stage ribbon, its gates with their evidence, the vote
tallies, the handover list and the warranty calendar.

Self-contained: give it a Store and a project id. It never opens a modal box; it says what
happened in its own message line. Clicking a piece of evidence emits `evidence_requested`
(table, id) for whoever embeds the page to open it.
"""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import standards
from ..ballot_files import read_ballots
from ..core import lifecycle, workflow
from ..core.defect_status import is_closed, project_today
from ..core.i18n import current, pick, t
from ..core.model import (
    LIFECYCLE_NAMES,
    NAMES,
    Complaint,
    Finding,
    HandoverItem,
    Organization,
    OrgKind,
    Project,
    Stage,
    TrackStatus,
    Vote,
    VotePurpose,
    WarrantyClaim,
    WarrantyItem,
)
from ..core.permissions import INSPECT_ROLES
from ..core.votes import Matter, pct
from ..errors import InspectError
from ..store import Store, identity
from ..store import lifecycle as lc
from .track_forms import FormDialog

GREEN, RED, BLUE, GREY, AMBER = "#2e7d32", "#c62828", "#1565c0", "#9e9e9e", "#ef6c00"
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1


RIBBON_STYLE = {
    "passed": "background: #c8e6c9; color: #1b5e20;",
    "current": f"background: {BLUE}; color: white; font-weight: bold;",
    "ahead": "background: #dcdcdc; color: #555555;",
}


class StageRibbon(QWidget):
    """The seven stages in a row: passed, current, ahead; ⚑ where a gate was overridden.

    Plain styled labels, no painting of our own: nothing for Qt to call back into Python
    while a page is being torn down.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.segments: list[QLabel] = []
        for i, stage in enumerate(lifecycle.ORDER):
            if i:
                arrow = QLabel("▶")
                arrow.setStyleSheet(f"color: {GREY};")
                row.addWidget(arrow)
            label = QLabel(lifecycle.stage_zh(stage))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumHeight(34)
            self.segments.append(label)
            row.addWidget(label, 1)
        self.set_stage(Stage.SURVEY, set())

    def set_stage(self, stage: Stage, overridden: set[Stage]) -> None:
        current = lifecycle.ORDER.index(stage)
        for i, (s, label) in enumerate(zip(lifecycle.ORDER, self.segments, strict=True)):
            state = "passed" if i < current else "current" if i == current else "ahead"
            label.setText(lifecycle.stage_zh(s) + (" ⚑" if s in overridden else ""))
            label.setStyleSheet(RIBBON_STYLE[state] + " border-radius: 4px; padding: 4px;")
            label.setProperty("state", state)

    def labels(self) -> list[str]:
        return [label.text() for label in self.segments]


class ProjectPage(QWidget):
    evidence_requested = Signal(str, str)  # table, record id
    stage_advanced = Signal(str, str)  # project id, new stage

    def __init__(self, store: Store, project_id: str = "", parent=None):
        super().__init__(parent)
        self.store = store
        self.project_id = ""
        self.status: lc.Status | None = None

        self.title = QLabel()
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        self.title.setFont(f)
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #555")
        self.ribbon = StageRibbon()

        self.gates = QTreeWidget()
        self.gates.setHeaderLabels([self.tr("关口与条件"), self.tr("情况与依据")])
        self.gates.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.gates.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.gates.itemActivated.connect(self._on_gates_item_activated)
        self.gates.itemClicked.connect(self._on_gates_item_activated)

        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("强制推进理由（仅管理员；将记录并打印）"))
        self.advance_button = QPushButton(self.tr("推进到下一阶段"))
        self.advance_button.clicked.connect(self._on_advance_button_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.gates)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.advance_button)
        lv.addLayout(row)
        lv.addWidget(self.message)

        self.votes = _table([self.tr("表决事项"), self.tr("类别"), self.tr("参与(面积)"), self.tr("参与(人数)"),
                             self.tr("同意(面积)"), self.tr("同意(人数)"), self.tr("要求"), self.tr("结果")])  # fmt: skip
        self.votes.cellDoubleClicked.connect(self._on_votes_cell_double_clicked)
        self.handover = _table([self.tr("设施"), self.tr("名称"), self.tr("数量"), self.tr("接收单位"),
                                self.tr("签字")])  # fmt: skip
        self.handover.cellDoubleClicked.connect(self._on_handover_cell_double_clicked)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.warranty = _table([self.tr("保修项目"), self.tr("法定期限"), self.tr("起"), self.tr("止"),
                                self.tr("报修/回访")])  # fmt: skip
        self.warranty.cellDoubleClicked.connect(self._on_warranty_cell_double_clicked)
        self.warranty_note = QLabel()
        self.warranty_note.setWordWrap(True)
        wtab = QWidget()
        outer = QVBoxLayout(wtab)
        wl = QHBoxLayout()
        wl.addWidget(self.calendar, 2)
        wr = QVBoxLayout()
        wr.addWidget(self.warranty, 1)
        wr.addWidget(self.warranty_note)
        wl.addLayout(wr, 3)
        outer.addLayout(wl, 1)
        self.warranty_bar = QHBoxLayout()  # the tab's whole width: its buttons never clip
        outer.addLayout(self.warranty_bar)

        self.purpose = QComboBox()
        for purpose in VotePurpose:
            self.purpose.addItem(LIFECYCLE_NAMES[purpose]["zh"], purpose.value)
        self.import_button = QPushButton(self.tr("导入表决表…"))
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.print_button = QPushButton(self.tr("打印计票单…"))
        self.print_button.clicked.connect(self._on_print_button_clicked)
        vtab = QWidget()
        vl = QVBoxLayout(vtab)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("表决事项：")))
        bar.addWidget(self.purpose)
        bar.addWidget(self.import_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        vl.addLayout(bar)
        vl.addWidget(self.votes)
        # File choosers are replaceable, so tests never block on a modal dialog.
        self.choose_open_file: Callable[[], str] = self._ask_open_file
        self.choose_save_file: Callable[[str], str] = self._ask_save_file

        self.tabs = QTabWidget()
        self.tabs.addTab(vtab, self.tr("表决"))
        self.tabs.addTab(self.handover, self.tr("移交清单"))
        self.tabs.addTab(wtab, self.tr("保修日历"))
        self.issues = _table([self.tr("类型"), self.tr("来源/投诉人"), self.tr("内容"), self.tr("期限/收到"),
                              self.tr("状态")])  # fmt: skip
        self.issues.cellDoubleClicked.connect(self._on_issues_cell_double_clicked)
        self.issues.itemSelectionChanged.connect(self._on_issues_selection_changed)
        itab = QWidget()
        il = QVBoxLayout(itab)
        il.addWidget(self.issues, 1)
        self.issues_bar = QHBoxLayout()
        il.addLayout(self.issues_bar)
        self.tabs.addTab(itab, self.tr("投诉与督查"))
        # Every lifecycle record has its action here, calling the store operation (which checks
        # who may); each opens a small form (track_forms), kept as `form_dialog` for tests.
        self.track_buttons: dict[str, QPushButton] = {}
        for bar, name, zh, en, slot in (
            (self.issues_bar, "complaint", "登记投诉…", "Record complaint…", self.add_complaint),
            (self.issues_bar, "finding", "登记督查问题…", "Record finding…", self.add_finding),
            (self.issues_bar, "issue_step", "处理所选…", "Act on selected…", self.act_on_issue),
            (self.warranty_bar, "warranty_item", "登记保修项…", "Add warranty item…", self.add_warranty_item),
            (self.warranty_bar, "claim", "报修/回访…", "Claim or visit…", self.add_claim),
            (self.warranty_bar, "claim_reply", "答复报修…", "Answer a claim…", self.reply_claim),
            (self.warranty_bar, "carry_over", "转入保修…", "Carry over…", self.carry_over),
        ):  # fmt: skip
            b = QPushButton(t(zh, en))
            b.setObjectName(f"track_{name}")
            b.clicked.connect(slot)
            self.track_buttons[name] = b
            bar.addWidget(b)
        self.issues_bar.addStretch(1)
        self.warranty_bar.addStretch(1)
        self.form_dialog: FormDialog | None = None

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.ribbon)
        layout.addWidget(split, 1)
        if project_id:
            self.set_project(project_id)

    # ----- filling ---------------------------------------------------------------------------

    def set_project(self, project_id: str) -> None:
        self.project_id = project_id
        self.message.clear()
        self.reason.clear()
        self.refresh()

    def refresh(self) -> None:
        st = self.status = lc.status(self.store, self.project_id)
        p = st.project
        self.title.setText(f"{p.name}　" + self.tr("当前阶段：") + lifecycle.stage_zh(p.stage))
        findings = lc.open_findings(self.store, p.id)
        self.summary.setText(
            f"{p.address}　·　"
            + self.tr("未整改审计督查问题 %n 项", "", findings["open"])
            + (self.tr("（%n 项逾期）", "", findings["overdue"]) if findings["overdue"] else "")
            + "　·　"
            + self.tr("未办结投诉 %n 件", "", st.open_complaints)
        )
        overridden = {tr.to_stage for tr in st.transitions if tr.override_reason}
        self.ribbon.set_stage(p.stage, overridden)
        self._fill_gates(st, overridden)
        self.advance_button.setEnabled(lifecycle.next_stage(p.stage) is not None)
        self._fill_votes()
        self._fill_handover()
        self._fill_warranty()
        self._fill_issues()
        who = identity.current(self.store)
        records = who is not None and who.role in INSPECT_ROLES  # the store checks too
        for name, b in self.track_buttons.items():
            b.setVisible(records or name == "issue_step")
        self._on_issues_selection_changed()

    def _fill_gates(self, st: lc.Status, overridden: set[Stage]) -> None:
        self.gates.clear()
        current = lifecycle.ORDER.index(st.project.stage)
        reasons = {tr.to_stage: tr for tr in st.transitions if tr.override_reason}
        for g in st.gates:
            idx = lifecycle.ORDER.index(g.to_stage)
            if idx <= current:
                where = self.tr("已进入") + (
                    self.tr("（强制推进）") if g.to_stage in overridden else ""
                )
            elif idx == current + 1:
                where = self.tr("下一关：") + (
                    self.tr("条件已满足") if g.met else self.tr("条件未满足")
                )
            else:
                where = self.tr("未到")
            top = QTreeWidgetItem(
                [self.tr("进入“%1”").replace("%1", lifecycle.stage_zh(g.to_stage)), where]
            )
            bold = top.font(0)
            bold.setBold(True)
            top.setFont(0, bold)
            top.setFont(1, bold)
            if idx == current + 1:
                top.setForeground(1, QBrush(QColor(GREEN if g.met else RED)))
            self.gates.addTopLevelItem(top)
            if g.to_stage in reasons:
                tr = reasons[g.to_stage]
                note = QTreeWidgetItem(["⚑ " + self.tr("管理员强制推进"), tr.override_reason])
                note.setForeground(0, QBrush(QColor(AMBER)))
                note.setData(0, EVIDENCE_ROLE, ("stage_transitions", tr.id))
                note.setToolTip(1, "\n".join(tr.missing))
                top.addChild(note)
            if not g.conditions:
                top.addChild(QTreeWidgetItem(["", self.tr("无前置条件")]))
            for c in g.conditions:
                item = QTreeWidgetItem(
                    [("✓ " if c.met else "✗ ") + c.text, "" if c.met else c.missing]
                )
                item.setForeground(0, QBrush(QColor(GREEN if c.met else RED)))
                item.setToolTip(0, c.text)
                item.setToolTip(1, c.missing)
                top.addChild(item)
                for e in c.evidence:
                    link = QTreeWidgetItem(["", "↗ " + (e.text or e.id)])
                    link.setForeground(1, QBrush(QColor(BLUE)))
                    f = link.font(1)
                    f.setUnderline(True)
                    link.setFont(1, f)
                    link.setData(0, EVIDENCE_ROLE, (e.table, e.id))
                    link.setToolTip(1, f"{e.table}/{e.id}")
                    item.addChild(link)
            top.setExpanded(idx >= current)
        self.gates.resizeColumnToContents(0)

    def _fill_votes(self) -> None:
        votes = sorted(
            self.store.find_by(Vote, project_id=self.project_id),
            key=lambda v: (v.opened_on, v.id),
        )
        self.votes.setRowCount(len(votes))
        for r, v in enumerate(votes):
            t = lc.vote_tally(self.store, v.id)
            th = t.thresholds
            rel = ">" if th.strict else "≥"
            cells = [
                f"{LIFECYCLE_NAMES[v.purpose]['zh']}：{v.subject}" if v.subject else LIFECYCLE_NAMES[v.purpose]["zh"],
                self.tr("重大事项") if v.matter == Matter.MAJOR else self.tr("一般事项"),
                pct(t.participation_area), pct(t.participation_head),
                pct(t.approval_area), pct(t.approval_head),
                f"{self.tr('参与')}≥{th.quorum_area} · {self.tr('同意')}{rel}{th.approval_area}",
                self.tr("通过") if t.approved else (self.tr("未通过") if t.quorum_met else self.tr("未达参与比例")),
            ]  # fmt: skip
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(EVIDENCE_ROLE, ("votes", v.id))
                it.setToolTip(th.law + ("\n" + "\n".join(t.missing()) if t.missing() else ""))
                if col == 7:
                    it.setForeground(QBrush(QColor(GREEN if t.approved else RED)))
                self.votes.setItem(r, col, it)
        self.votes.resizeColumnsToContents()
        self.votes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _fill_handover(self) -> None:
        st = self.status
        if st is None:
            return
        items = self.store.find_by(
            HandoverItem, project_id=self.project_id, order_by="facility, name"
        )
        orgs = {o.id: o for o in self.store.find(Organization)}
        signed_orgs = {
            c.key.removeprefix("handover_") for g in st.gates for c in g.conditions if c.key.startswith("handover_") and c.met
        }  # fmt: skip
        self.handover.setRowCount(len(items))
        for r, h in enumerate(items):
            org = orgs.get(h.operator_org_id)
            ok = h.operator_org_id in signed_orgs
            facility = lifecycle.UTILITY_FACILITIES.get(h.facility, (h.facility,))[0]
            cells = [facility, h.name, h.quantity, (org.short_name or org.name) if org else "",
                     ("✓ " + self.tr("已签字")) if ok else ("✗ " + self.tr("未签字"))]  # fmt: skip
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(EVIDENCE_ROLE, ("handover_items", h.id))
                if col == 4:
                    it.setForeground(QBrush(QColor(GREEN if ok else RED)))
                self.handover.setItem(r, col, it)
        self.handover.resizeColumnsToContents()
        self.handover.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _fill_warranty(self) -> None:
        items = self.store.find_by(WarrantyItem, project_id=self.project_id, order_by="ends_on")
        claims = self.store.find_by(
            WarrantyClaim, project_id=self.project_id, order_by="reported_on"
        )
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear every mark
        self._calendar_marks: dict[str, list[tuple[str, str]]] = {}
        end_fmt, claim_fmt, late_fmt, start_fmt = (
            _fmt(c) for c in ("#ffcdd2", "#bbdefb", "#ffe0b2", "#c8e6c9")
        )
        today = project_today(self.store.get(Project, self.project_id).settings).isoformat()
        table = standards.warranty()
        self.warranty.setRowCount(len(items))
        for r, w in enumerate(items):
            n = [c for c in claims if c.warranty_item_id == w.id]
            late = sum(c.after_expiry for c in n)
            expired = w.ends_on < today
            cells = [
                f"{pick(cls.zh, cls.en)}：{w.description}" if (cls := table.get(w.work_type)) else w.description,
                cls.period_text(current()) if cls else "",
                w.starts_on, w.ends_on + (self.tr("（已到期）") if expired else ""),
                f"{len(n)}" + (self.tr("（%n 件过期报修）", "", late) if late else ""),
            ]  # fmt: skip
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(EVIDENCE_ROLE, ("warranty_items", w.id))
                if col == 3 and expired:
                    it.setForeground(QBrush(QColor(GREY)))
                if col == 4 and late:
                    it.setForeground(QBrush(QColor(AMBER)))
                self.warranty.setItem(r, col, it)
            self._mark(w.starts_on, start_fmt, self.tr("保修开始："), w.description)
            self._mark(w.ends_on, end_fmt, self.tr("保修到期："), w.description)
        for c in claims:
            fmt = late_fmt if c.after_expiry else claim_fmt
            what = (
                self.tr("回访：") if c.kind == "return_visit" else self.tr("报修：")
            ) + c.description
            self._mark(
                c.reported_on, fmt, "", what + (self.tr("（已过保修期）") if c.after_expiry else "")
            )
        self.warranty.resizeColumnsToContents()
        self.warranty.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        upcoming = sorted(w.ends_on for w in items if w.ends_on >= today)
        late_total = sum(c.after_expiry for c in claims)
        self.warranty_note.setText(
            (self.tr("最近到期：") + upcoming[0] if upcoming else self.tr("无未到期的保修项目"))
            + ("　·　" + self.tr("过期报修 %n 件", "", late_total) if late_total else "")
            + "　·　"
            + self.tr("依据：")
            + table.regulation
        )
        # Open the calendar on the latest claim or visit, else on the next expiry.
        focus = claims[-1].reported_on if claims else (upcoming[0] if upcoming else "")
        if focus:
            d = QDate.fromString(focus[:10], "yyyy-MM-dd")
            self.calendar.setCurrentPage(d.year(), d.month())

    def _fill_issues(self) -> None:
        """Complaints and audit/inspection findings, open ones first."""
        today = project_today(self.store.get(Project, self.project_id).settings)
        rows = []
        for f in self.store.find_by(Finding, project_id=self.project_id, order_by="deadline"):
            overdue = lifecycle.finding_overdue(f.status, f.deadline, today)
            state = NAMES[f.status]["zh"] + (self.tr("（逾期）") if overdue else "")
            rows.append((is_closed(f.status), ("findings", f.id), overdue,
                         [self.tr("督查/审计"), f.source, f.title, f.deadline, state]))  # fmt: skip
        for c in self.store.find_by(Complaint, project_id=self.project_id, order_by="received_on"):
            rows.append((c.status == TrackStatus.CLOSED, ("complaints", c.id), False,
                         [self.tr("居民投诉"), c.resident, c.what, c.received_on,
                          LIFECYCLE_NAMES[c.status]["zh"]]))  # fmt: skip
        rows.sort(key=lambda r: r[0])
        self.issues.setRowCount(len(rows))
        for r, (closed, ref, overdue, cells) in enumerate(rows):
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(EVIDENCE_ROLE, ref)
                if col == 4:
                    it.setForeground(QBrush(QColor(GREEN if closed else RED if overdue else AMBER)))
                self.issues.setItem(r, col, it)
        self.issues.resizeColumnsToContents()
        self.issues.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _mark(self, iso: str, fmt: QTextCharFormat, prefix: str, text: str) -> None:
        if not iso:
            return
        d = QDate.fromString(iso[:10], "yyyy-MM-dd")
        self.calendar.setDateTextFormat(d, fmt)
        self._calendar_marks.setdefault(iso[:10], []).append((prefix, text))
        tip = "\n".join(p + t for p, t in self._calendar_marks[iso[:10]])
        fmt = QTextCharFormat(fmt)
        fmt.setToolTip(tip)
        self.calendar.setDateTextFormat(d, fmt)

    def marks_on(self, iso: str) -> list[str]:
        return [p + t for p, t in getattr(self, "_calendar_marks", {}).get(iso, [])]

    # ----- actions -----------------------------------------------------------------------------

    def _on_gates_item_activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        ref = item.data(0, EVIDENCE_ROLE)
        if ref:
            self.evidence_requested.emit(*ref)

    def _emit_row(self, table: QTableWidget, row: int) -> None:
        it = table.item(row, 0)
        if it is not None and it.data(EVIDENCE_ROLE):
            self.evidence_requested.emit(*it.data(EVIDENCE_ROLE))

    def _on_votes_cell_double_clicked(self, row: int, column: int) -> None:
        self._emit_row(self.votes, row)

    def _on_issues_cell_double_clicked(self, row: int, column: int) -> None:
        self._emit_row(self.issues, row)

    def _on_handover_cell_double_clicked(self, row: int, column: int) -> None:
        self._emit_row(self.handover, row)

    def _on_warranty_cell_double_clicked(self, row: int, column: int) -> None:
        self._emit_row(self.warranty, row)

    def _on_calendar_clicked(self, d: QDate) -> None:
        marks = self.marks_on(d.toString("yyyy-MM-dd"))
        self.warranty_note.setText("\n".join(marks) if marks else d.toString("yyyy-MM-dd"))

    def _ask_open_file(self) -> str:
        return QFileDialog.getOpenFileName(
            self, self.tr("导入表决表"), "", self.tr("表格 (*.csv *.xlsx)")
        )[0]

    def _ask_save_file(self, suggested: str) -> str:
        return QFileDialog.getSaveFileName(
            self, self.tr("保存计票单"), suggested, self.tr("PDF (*.pdf)")
        )[0]

    def _say(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet(f"color: {GREEN if ok else RED}")
        self.message.setText(text)

    def _on_import_button_clicked(self) -> None:
        path = self.choose_open_file()
        if not path:
            return
        try:
            parsed = read_ballots(path)
            if parsed.errors:
                shown = "\n".join(parsed.errors[:10]) + ("\n…" if len(parsed.errors) > 10 else "")
                self._say(self.tr("表决表有错误，未导入任何选票：") + "\n" + shown, False)
                return
            vote = lc.new_vote(self.store, self.project_id, self.purpose.currentData(), parsed.rows)
        except InspectError as e:
            self._say(str(e), False)
            return
        self.refresh()
        result = lc.vote_tally(self.store, vote.id)
        self._say(
            self.tr("已导入 %n 张选票：", "", len(parsed.rows))
            + (self.tr("通过") if result.approved else self.tr("未通过")),
            True,
        )

    def _on_print_button_clicked(self) -> None:
        row = self.votes.currentRow()
        if row < 0:
            row = self.votes.rowCount() - 1
        if row < 0:
            self._say(self.tr("没有可打印的表决。"), False)
            return
        cell, status = self.votes.item(row, 0), self.status
        if cell is None or status is None:
            return
        vote_id = cell.data(EVIDENCE_ROLE)[1]
        path = self.choose_save_file(f"计票单-{status.project.name}.pdf")
        if not path:
            return
        vote = self.store.get(Vote, vote_id)
        result = lc.vote_tally(self.store, vote_id)
        try:
            from ..reports.tally import tally_sheet  # reportlab and the font: not at start-up

            record = tally_sheet(self.store, path, result, Matter(vote.matter),
                                 lc.ballot_rows(self.store, vote_id), title=vote.subject,
                                 community=status.project.name,
                                 overrides=_override_lines(status),
                                 project=status.project, vote_id=vote_id)  # fmt: skip
        except (OSError, InspectError) as e:
            self._say(self.tr("计票单未能保存：") + str(e), False)
            return
        self._say(self.tr("计票单已保存：") + f"{path}  {record.number}", True)

    def _on_advance_button_clicked(self) -> None:
        try:
            tr = lc.advance(self.store, self.project_id, self.reason.text())
        except InspectError as e:
            self.message.setStyleSheet(f"color: {RED}")
            self.message.setText(str(e))
            return
        self.reason.clear()
        self.refresh()
        self.message.setStyleSheet(f"color: {GREEN}")
        done = self.tr("已推进到“%1”").replace("%1", lifecycle.stage_zh(tr.to_stage))
        if tr.override_reason:
            done += self.tr("（强制推进，理由已记录）")
        self.message.setText(done)
        self.stage_advanced.emit(self.project_id, tr.to_stage.value)

    # ----- complaints, findings, warranty (store/lifecycle.py) ----------------------------------

    def _form(
        self, title: str, submit: Callable[[dict], object], said: Callable[[object], str]
    ) -> FormDialog:
        dlg = FormDialog(title, submit, self)
        dlg.recorded.connect(lambda result: self._recorded(said(result)))
        self.form_dialog = dlg
        return dlg

    def _recorded(self, text: str) -> None:
        self.refresh()
        self._say(text, True)

    def _open_defects(self) -> list[tuple[str, str]]:
        rows = lc.open_defects(self.store, self.project_id)
        return [(d.title, d.id) for d in rows]

    def _contractors(self) -> list[tuple[str, str]]:
        orgs = self.store.find_by(Organization, kind=OrgKind.CONTRACTOR, order_by="short_name")
        return [(o.short_name or o.name, o.id) for o in orgs]

    def add_complaint(self) -> FormDialog:
        def submit(v: dict) -> Complaint:
            link = v["link"] or ""
            c = Complaint(project_id=self.project_id, resident=v["resident"], what=v["what"],
                          location_text=v["location"], phone=v["phone"])  # fmt: skip
            return lc.file_complaint(self.store, c, "" if link == "new" else link, link == "new")

        dlg = self._form(t("登记居民投诉", "Record a complaint"), submit,
                         lambda c: t("已登记投诉。", "Complaint recorded.")
                         + (t("已据此登记问题。", " A defect was raised from it.")
                            if isinstance(c, Complaint) and c.defect_id else ""))  # fmt: skip
        dlg.text("resident", t("投诉人", "Resident"))
        dlg.long_text("what", t("投诉内容", "Complaint"))
        dlg.text("location", t("位置", "Where"))
        dlg.text("phone", t("电话", "Phone"))
        dlg.choice("link", t("关联问题", "Defect"), [(t("（不关联）", "(none)"), ""),
                   (t("据此登记新问题", "Raise a new defect from it"), "new"),
                   *self._open_defects()])  # fmt: skip
        dlg.open()
        return dlg

    def add_finding(self) -> FormDialog:
        def submit(v: dict) -> Finding:
            f = Finding(project_id=self.project_id, source=v["source"], title=v["title"],
                        description=v["description"], source_ref=v["ref"], deadline=v["deadline"])  # fmt: skip
            return lc.record_finding(self.store, f)

        dlg = self._form(t("登记审计、督查发现问题", "Record an audit finding"), submit,
                         lambda _f: t("已登记督查/审计问题。", "Finding recorded."))  # fmt: skip
        dlg.text("source", t("来源", "Found by"))
        dlg.text("title", t("问题", "Finding"))
        dlg.long_text("description", t("说明", "Details"))
        dlg.text("ref", t("文号", "Reference"))
        dlg.day("deadline", t("整改期限", "Deadline"), optional=True)
        dlg.open()
        return dlg

    def selected_issue(self) -> tuple[str, str] | None:
        rows = {i.row() for i in self.issues.selectedItems()}
        if len(rows) != 1:
            return None
        it = self.issues.item(rows.pop(), 0)
        ref = it.data(EVIDENCE_ROLE) if it is not None else None
        return (ref[0], ref[1]) if ref else None

    def _on_issues_selection_changed(self) -> None:
        self.track_buttons["issue_step"].setEnabled(self.selected_issue() is not None)

    def act_on_issue(self) -> FormDialog | None:
        """The selected complaint's reply, or the selected finding's next step."""
        ref = self.selected_issue()
        if ref is None:
            self._say(t("请先在列表中选择一条投诉或督查问题。", "Choose a complaint or finding first."), False)  # fmt: skip
            return None
        table, record_id = ref
        if table == "complaints":
            return self._reply(self.store.get(Complaint, record_id), t("答复投诉", "Answer the complaint"))  # fmt: skip
        f = self.store.get(Finding, record_id)
        who = identity.current(self.store)
        steps = workflow.allowed(who.role, f.status) if who else []
        if not steps:
            self._say(t("您不能处理这条督查问题。", "You cannot act on this finding."), False)
            return None

        def submit(v: dict) -> Finding:
            return lc.move_finding(
                self.store, f.id, v["action"], reason=v["reason"], org_id=v["org"] or ""
            )

        dlg = self._form(t("处理督查/审计问题", "Act on the finding") + f"：{f.title}", submit,
                         lambda r: t("督查问题已更新为：", "Finding is now: ")
                         + (NAMES[r.status][current()] if isinstance(r, Finding) else ""))  # fmt: skip
        names = {tr.action: pick(*workflow.EVENT_NAMES.get(tr.action, (tr.action, tr.action))) for tr in steps}  # fmt: skip
        dlg.choice("action", t("处理", "Step"), [(names[a], a) for a in dict.fromkeys(tr.action for tr in steps)])  # fmt: skip
        org = dlg.choice("org", t("责任单位（下发时）", "Organization (to assign)"), [("", ""), *self._contractors()])  # fmt: skip
        if f.assignee_org_id:
            org.setCurrentIndex(max(0, org.findData(f.assignee_org_id)))
        dlg.text("reason", t("理由（退回、重新打开时）", "Reason (reject, reopen)"))
        dlg.open()
        return dlg

    def _reply(self, record: Complaint | WarrantyClaim, title: str) -> FormDialog:
        def submit(v: dict) -> object:
            return lc.reply(self.store, record, v["text"], bool(v["close"]))

        dlg = self._form(title, submit, lambda _r: t("已答复。", "Answer recorded."))
        dlg.long_text("text", t("答复内容", "Answer"))
        dlg.check("close", t("答复并办结", "Answer and close"))
        dlg.open()
        return dlg

    def add_warranty_item(self) -> FormDialog:
        table = standards.warranty()

        def submit(v: dict) -> WarrantyItem:
            accepted = date.fromisoformat(v["accepted_on"]) if v["accepted_on"] else None
            return lc.add_warranty_item(self.store, self.project_id, v["work_type"], accepted,
                                        description=v["description"], location_text=v["location"],
                                        contractor_org_id=v["contractor"] or "")  # fmt: skip

        dlg = self._form(t("登记保修项", "Add a warranty item"), submit,
                         lambda w: t("已登记保修项，保修期至 ", "Warranty item added, until ")
                         + (w.ends_on if isinstance(w, WarrantyItem) else ""))  # fmt: skip
        dlg.choice("work_type", t("工程类别", "Work type"),
                   [(pick(c.zh, c.en or c.zh), k) for k, c in table.classes.items()])  # fmt: skip
        dlg.text("description", t("保修项目", "What"))
        dlg.text("location", t("位置", "Where"))
        dlg.choice("contractor", t("施工单位", "Contractor"), [("", ""), *self._contractors()])
        dlg.day("accepted_on", t("竣工验收日期（不填则按验收记录）", "Accepted on (blank: from the record)"), optional=True)  # fmt: skip
        dlg.open()
        return dlg

    def add_claim(self) -> FormDialog | None:
        rows = {i.row() for i in self.warranty.selectedItems()}
        it = self.warranty.item(rows.pop(), 0) if len(rows) == 1 else None
        if it is None:
            self._say(t("请先在列表中选择一个保修项。", "Choose a warranty item first."), False)
            return None
        item_id = it.data(EVIDENCE_ROLE)[1]

        def submit(v: dict) -> WarrantyClaim:
            return lc.record_claim(self.store, item_id, date.fromisoformat(v["reported_on"]),
                                   v["description"], kind=v["kind"], resident=v["resident"])  # fmt: skip

        dlg = self._form(t("登记报修或回访", "Record a claim or return visit"), submit,
                         lambda c: t("已登记。", "Recorded.")
                         + (t("报修已过保修期。", " The claim came after the warranty ended.")
                            if isinstance(c, WarrantyClaim) and c.after_expiry else ""))  # fmt: skip
        dlg.choice("kind", t("类型", "Kind"), [(t("报修", "Claim"), "claim"), (t("回访", "Return visit"), "return_visit")])  # fmt: skip
        dlg.day("reported_on", t("日期", "Date"))
        dlg.text("resident", t("报修人", "Resident"))
        dlg.long_text("description", t("内容", "What"))
        dlg.open()
        return dlg

    def reply_claim(self) -> FormDialog | None:
        open_claims = lc.open_claims(self.store, self.project_id)
        if not open_claims:
            self._say(t("没有待答复的报修或回访。", "No claim is waiting for an answer."), False)
            return None
        by_id = {c.id: c for c in open_claims}

        def submit(v: dict) -> object:
            return lc.reply(self.store, by_id[v["claim"]], v["text"], bool(v["close"]))

        dlg = self._form(t("答复报修或回访", "Answer a claim"), submit, lambda _r: t("已答复。", "Answer recorded."))  # fmt: skip
        dlg.choice("claim", t("报修", "Claim"), [(f"{c.reported_on} {c.description}", c.id) for c in open_claims])  # fmt: skip
        dlg.long_text("text", t("答复内容", "Answer"))
        dlg.check("close", t("答复并办结", "Answer and close"))
        dlg.open()
        return dlg

    def carry_over(self) -> FormDialog | None:
        defects = self._open_defects()
        if not defects:
            self._say(t("该小区没有未销项的问题。", "This community has no open defect."), False)
            return None

        def submit(v: dict) -> object:
            return lc.carry_over(self.store, v["defect"], v["reason"])

        dlg = self._form(t("整改通知转入保修期跟踪", "Carry a defect over into warranty"), submit,
                         lambda _e: t("已转入保修期跟踪。", "Carried over into the warranty period."))  # fmt: skip
        dlg.choice("defect", t("问题", "Defect"), defects)
        dlg.text("reason", t("理由", "Reason"))
        dlg.open()
        return dlg


def _override_lines(status: lc.Status) -> list[str]:
    return [
        f"{tr.at[:16].replace('T', ' ')} {lifecycle.stage_zh(tr.from_stage)}→{lifecycle.stage_zh(tr.to_stage)}：{tr.override_reason}"
        for tr in status.transitions
        if tr.override_reason
    ]


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().hide()
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    return t


def _fmt(color: str) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setBackground(QBrush(QColor(color)))
    f.setFontWeight(QFont.Weight.Bold)
    return f
