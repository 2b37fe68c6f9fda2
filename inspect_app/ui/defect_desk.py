"""The supervisor's defect desk (问题台账): the whole profile's defects, filtered, searched and
sorted, with bulk actions and a detail pane. Signed in as a contractor it is the contractor's
view: only that organization's defects and notices, and only the actions it may take.
"""

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import workflow
from ..core.i18n import current
from ..core.model import NAMES, DefectStatus, Project, Role, Severity
from ..errors import InspectError
from ..store import Store, navigation
from ..store import defect_query as dq
from ..store import defects as ops
from .column_fit import ColumnFit
from .defect_detail import DefectDetail, contractors, tr
from .defect_form import DefectForm
from .defect_model import COLUMNS, DefectTableModel
from .notice_list import NoticeList

# The status filter's "not closed" choice: the open set of core.defect_status, not one status.
OPEN_CHOICE = "*open"


class DefectDesk(QWidget):
    """The defect list with filters, search, bulk actions and the detail pane."""

    filter_applied = Signal(object)  # the DefectFilter now shown
    defect_selected = Signal(str)  # the id shown in the detail pane ("" for none)
    defects_changed = Signal(list)  # ids an action changed

    def __init__(self, store: Store, parent=None, today: date | None = None):
        super().__init__(parent)
        self._store = store
        self._who = ops.actor(store)
        self.is_contractor = self._who.role == Role.CONTRACTOR
        self.is_office = self._who.role in workflow.OFFICE
        # A contractor's list is always cut to its own organization, whatever else is chosen.
        self._base = dq.DefectFilter(scope_org_id=self._who.org_id if self.is_contractor else "")

        self.model = DefectTableModel(store, self, today, self._base)
        self.table = QTableView()
        self.table.setModel(self.model)
        # The indicator first: switching sorting on then asks for the order already listed.
        self.table.horizontalHeader().setSortIndicator(
            len(COLUMNS) - 1, Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        # The title takes the spare width; the others shrink (elided) when a laptop has none.
        self.column_fit = ColumnFit(self.table, [150, 64, 70, 54, 64, 80, 130, 128])
        header.setHighlightSections(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_selection_changed)

        self.detail = DefectDetail(store, self)
        self.detail.defects_changed.connect(self._on_defects_changed)
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setMinimumWidth(300)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self._build_filters())
        left_lay.addWidget(self.table, 1)
        left_lay.addWidget(self._build_bulk_bar())
        split.addWidget(left)
        split.addWidget(detail_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.tabs = QTabWidget()
        self.tabs.addTab(split, tr("问题台账", "Defects"))
        self.notices = NoticeList(store, self)
        self.notices.defects_changed.connect(self._on_defects_changed)
        self.tabs.addTab(self.notices, tr("整改通知", "Notices"))
        self.form = None
        if self._who.role in workflow.RAISE_ROLES:
            self.form = DefectForm(store, self)
            self.form.defect_raised.connect(lambda i: self._on_defects_changed([i]))
            self.tabs.addTab(self.form, tr("登记问题", "Raise a defect"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.tabs)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.model.list_reloaded.connect(self._on_list_reloaded)
        self._on_list_reloaded(self.model.rowCount())

    # ----- filters --------------------------------------------------------------------------------

    def _build_filters(self) -> QWidget:
        bar = QWidget()
        lay = QVBoxLayout(bar)
        lay.setContentsMargins(0, 0, 0, 0)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("搜索：如 燃气、立管、3号楼", "Search, e.g. 燃气"))
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        self.project = self._combo(
            tr("全部小区", "All communities"),
            [(p.name, p.id) for p in self._store.find(Project, order_by="name")],
        )
        self.building = self._combo(tr("全部楼栋", "All buildings"), [])
        self.project.currentIndexChanged.connect(self._on_project_changed)
        cats = dq.categories(self._store)
        self.category = self._combo(tr("全部类别", "All categories"), [(c, c) for c in cats])
        lang = current()
        self.severity = self._combo(
            tr("全部等级", "All severities"), [(NAMES[s][lang], s.value) for s in Severity]
        )
        self.status = self._combo(
            tr("全部状态", "All statuses"),
            [(tr("未销项", "Not closed"), OPEN_CHOICE)]
            + [(NAMES[s][lang], s.value) for s in DefectStatus],
        )
        self.assignee = self._combo(
            tr("全部单位", "All assignees"),
            [(tr("未下发", "Not assigned"), "-")]
            + [(o.short_name or o.name, o.id) for o in contractors(self._store)],
        )
        self.assignee.setVisible(not self.is_contractor)
        self.overdue = QCheckBox(tr("只看逾期", "Overdue only"))
        self.overdue.toggled.connect(self.apply_filters)
        self.use_dates = QCheckBox(tr("发现日期", "Reported"))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setDate(QDate.currentDate())
            d.dateChanged.connect(
                lambda _: self.apply_filters() if self.use_dates.isChecked() else None
            )
        self.date_from.setDate(QDate.currentDate().addDays(-30))
        self.use_dates.toggled.connect(self.apply_filters)
        reset = QPushButton(tr("清除筛选", "Clear"))
        reset.clicked.connect(self.clear_filters)
        # Two rows of about equal width, so the filters fit beside the detail pane at 1366 px.
        row1.addWidget(self.search, 1)
        for w in (self.project, self.building, self.category):
            row1.addWidget(w, 1)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #37474f;")
        row1.addWidget(self.count_label)
        row1.addWidget(reset)
        for widget in (self.severity, self.status, self.assignee, self.overdue, self.use_dates):
            row2.addWidget(widget)
        row2.addWidget(self.date_from)
        row2.addWidget(QLabel("—"))
        row2.addWidget(self.date_to)
        row2.addStretch(1)
        lay.addLayout(row1)
        lay.addLayout(row2)
        return bar

    def _combo(self, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox()
        # As wide as there is room for, not as wide as the longest choice: the filters share
        # a 1366-px screen with the list and the detail pane.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(7)
        box.addItem(everything, "")
        for text, value in items:
            box.addItem(text, value)
        box.currentIndexChanged.connect(self.apply_filters)
        return box

    def _on_project_changed(self) -> None:
        self.building.blockSignals(True)
        self.building.clear()
        self.building.addItem(tr("全部楼栋", "All buildings"), "")
        pid = self.project.currentData()
        if pid:
            for b in navigation.buildings(self._store, pid):
                self.building.addItem(b.name, b.id)
        self.building.blockSignals(False)

    def current_filter(self) -> dq.DefectFilter:
        dates = self.use_dates.isChecked()
        return self._base.with_(
            project_id=self.project.currentData() or "",
            building_id=self.building.currentData() or "",
            category=self.category.currentData() or "",
            severity=self.severity.currentData() or "",
            status=""
            if self.status.currentData() == OPEN_CHOICE
            else self.status.currentData() or "",
            open_only=self.status.currentData() == OPEN_CHOICE,
            assignee_org_id="" if self.is_contractor else self.assignee.currentData() or "",
            overdue=self.overdue.isChecked(),
            reported_from=self.date_from.date().toString("yyyy-MM-dd") if dates else "",
            reported_to=self.date_to.date().toString("yyyy-MM-dd") if dates else "",
            search=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        if flt != self.model.filter:
            self.model.set_filter(flt)
            self.filter_applied.emit(flt)

    def set_filter(self, flt: dq.DefectFilter) -> None:
        """Show a filter chosen elsewhere (a dashboard click): the controls follow it."""
        widgets = (
            (self.project, flt.project_id),
            (self.category, flt.category),
            (self.severity, flt.severity),
            (self.status, flt.status or (OPEN_CHOICE if flt.open_only else "")),
            (self.assignee, flt.assignee_org_id),
        )
        for w in (*(w for w, _ in widgets), self.overdue, self.use_dates, self.search):
            w.blockSignals(True)
        for w, value in widgets:
            w.setCurrentIndex(max(0, w.findData(value)))
        self._on_project_changed()
        self.building.setCurrentIndex(max(0, self.building.findData(flt.building_id)))
        self.overdue.setChecked(flt.overdue)
        self.use_dates.setChecked(bool(flt.reported_from or flt.reported_to))
        if flt.reported_from:
            self.date_from.setDate(QDate.fromString(flt.reported_from, "yyyy-MM-dd"))
        if flt.reported_to:
            self.date_to.setDate(QDate.fromString(flt.reported_to, "yyyy-MM-dd"))
        self.search.setText(flt.search)
        for w in (*(w for w, _ in widgets), self.overdue, self.use_dates, self.search):
            w.blockSignals(False)
        self.tabs.setCurrentIndex(0)
        self.apply_filters()

    def clear_filters(self) -> None:
        self.set_filter(dq.DefectFilter())

    def _on_list_reloaded(self, n: int) -> None:
        self.count_label.setText(tr(f"共 {n:,} 条", f"{n:,} defects"))

    # ----- selection and bulk actions -------------------------------------------------------------

    def _build_bulk_bar(self) -> QWidget:
        bar = QWidget()
        lay = QHBoxLayout(bar)
        lay.setContentsMargins(0, 0, 0, 0)
        self.selected_label = QLabel()
        self.bulk_org = QComboBox()
        for org in contractors(self._store):
            self.bulk_org.addItem(org.short_name or org.name, org.id)
        self.bulk_due = QDateEdit()
        self.bulk_due.setCalendarPopup(True)
        self.bulk_due.setDisplayFormat("yyyy-MM-dd")
        self.bulk_due.setSpecialValueText(tr("按等级默认期限", "default by severity"))
        self.bulk_due.setMinimumDate(QDate(2000, 1, 1))
        self.bulk_due.setDate(self.bulk_due.minimumDate())
        self.bulk_assign = QPushButton(tr("批量下发整改", "Assign selected"))
        self.bulk_assign.clicked.connect(self._on_bulk_assign_clicked)
        self.bulk_verify = QPushButton(tr("批量复查通过", "Verify selected"))
        self.bulk_verify.clicked.connect(lambda: self._bulk(ops.verify))
        # GB/T 50319: a 监理通知单 signed by a specialist or the chief engineer, or a 工程暂停令
        # (the chief only); the 事由 prints on the form.
        self.notice_form = QComboBox()
        for label, form, title in (
            (tr("监理通知单（专业监理工程师）", "Notice (specialist engineer)"), "notice", "专业监理工程师"),
            (tr("监理通知单（总监理工程师）", "Notice (chief engineer)"), "notice", "总监理工程师"),
            (tr("工程暂停令（总监理工程师）", "Stop order (chief engineer)"), "stop", "总监理工程师"),
        ):  # fmt: skip
            self.notice_form.addItem(label, (form, title))
        self.notice_subject = QLineEdit()
        self.notice_subject.setPlaceholderText(tr("事由", "Subject"))
        self.bulk_notice = QPushButton(tr("签发", "Issue"))
        self.bulk_notice.clicked.connect(self._on_bulk_notice_clicked)
        self.bulk_message = QLabel()
        self.bulk_message.setStyleSheet("color: #c62828;")
        self.bulk_message.setWordWrap(True)  # a long refusal wraps; it never widens the window
        lay.addWidget(self.selected_label)
        office: list[QWidget] = [self.bulk_org, self.bulk_due, self.bulk_assign, self.bulk_verify]
        office += [self.notice_form, self.notice_subject, self.bulk_notice]
        for w in office:
            lay.addWidget(w)
            # Only the office assigns, verifies and issues notices: the others never see them.
            w.setVisible(self.is_office)
        lay.addWidget(self.bulk_message, 1)
        return bar

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.defect_id(r) for r in rows]

    def _on_selection_changed(self, *_args) -> None:
        ids = self.selected_ids() if self.table.selectionModel() else []
        self.selected_label.setText(tr(f"已选 {len(ids)} 条", f"{len(ids)} selected"))
        for b in (self.bulk_assign, self.bulk_verify, self.bulk_notice):
            b.setEnabled(bool(ids))
        current = ids[0] if len(ids) == 1 else ""
        self.detail.show_defect(current or None)
        self.defect_selected.emit(current)

    def _on_bulk_assign_clicked(self) -> None:
        due = self.bulk_due.date()
        due_text = "" if due == self.bulk_due.minimumDate() else due.toString("yyyy-MM-dd")
        self._bulk(lambda s, ids: ops.assign(s, ids, self.bulk_org.currentData(), "", due_text))

    def _on_bulk_notice_clicked(self) -> None:
        form, title = self.notice_form.currentData()
        subject = self.notice_subject.text().strip()
        self._bulk(
            lambda s, ids: ops.issue_notices(s, ids, subject=subject, signer_title=title, form=form)
        )

    def _bulk(self, op) -> bool:
        ids = self.selected_ids()
        self.bulk_message.clear()
        if not ids:
            return False
        try:
            op(self._store, ids)
        except InspectError as e:
            self.bulk_message.setText(str(e))
            return False
        self._on_defects_changed(ids)
        return True

    def _on_defects_changed(self, ids: list) -> None:
        shown = self.detail.defect_id()
        self.model.reload()
        if shown:
            row = self.model.row_of(shown)
            if row >= 0:
                self.table.selectRow(row)
            else:  # filtered out by its new status: keep it in view until something else is chosen
                self.detail.show_defect(shown)
        self.notices.reload()
        self.defects_changed.emit(list(ids))
