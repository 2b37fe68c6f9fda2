"""The main window: navigator on the left, the chosen community, inspection or defect on the
right, the day's actions in the toolbar, sync state in the status bar."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import current as current_language
from ..core.i18n import t
from ..core.model import (
    Building,
    Defect,
    Inspection,
    Project,
    User,
)
from ..core.templates import Template
from ..errors import InspectError
from ..store import Store, defects, identity, outbox
from ..store import conflicts as conflict_ops
from ..store.inspections import raise_from_item, start_inspection
from ..sync.recovery import restore_notice
from .defect_editor import DefectEditor
from .form_view import FormView
from .help_overlay import HelpOverlay
from .icons import icon
from .messages import messages, show_error
from .navigator import ROLE_ID, ROLE_KIND, NavigatorModel
from .overview import OverviewPage
from .photo_dialog import PhotoDialog
from .project_page import ProjectPage
from .screen_fit import fit
from .site_plan_panel import SitePlanPanel
from .sync_setup import SyncSetupDialog
from .sync_status import SyncStatus
from .sync_worker import SyncWorker
from .tree_search import TreeSearch

if TYPE_CHECKING:  # made when first opened (each reads every defect)
    from .conflict_list import ConflictList
    from .dashboard import Dashboard
    from .defect_desk import DefectDesk
    from .welcome import WelcomePage


class MainWindow(QMainWindow):
    selection_changed = Signal(str, str)  # kind, id

    def __init__(self, store: Store, settings: QSettings | None = None):
        super().__init__()
        self.store = store
        self.settings = settings or QSettings()
        self._templates: dict[str, Template] | None = None
        self.current: tuple[str, str] = ("", "")
        self.setWindowTitle(self.tr("老旧小区改造质量安全检查") + " — inspect-app")
        fit(self, 1440, 900)  # or the screen, less its frame: a 1366×768 laptop

        self.navigator = NavigatorModel(store, self)
        self.tree = QTreeView()
        self.tree.setObjectName("navigator")
        self.tree.setModel(self.navigator)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

        self.overview = OverviewPage(store)
        self.overview.conflicts_requested.connect(lambda: self.show_conflicts())
        self.form = FormView(store)
        self.defect_editor = DefectEditor(store)
        self.site_plan = SitePlanPanel(store)
        self.project_page = ProjectPage(store)
        self.project_tabs = QTabWidget()
        self.project_tabs.addTab(self.overview, self.tr("概况"))
        self.project_tabs.addTab(self.project_page, self.tr("改造进程"))
        self.project_page.evidence_requested.connect(self._on_project_page_evidence_requested)
        self.project_page.stage_advanced.connect(lambda *_a: self.navigator.reload())
        self.welcome: WelcomePage | None = None  # the first-start page, on an empty profile
        self.supervision = QTabWidget()  # made when first opened: the desk reads every defect
        self.conflicts: ConflictList | None = None  # the conflicts list, made when first opened
        self.desk: DefectDesk | None = None
        self.dashboard: Dashboard | None = None
        self.stack = QStackedWidget()
        for page in (
            self.project_tabs,
            self.form,
            self.defect_editor,
            self.site_plan,
            self.supervision,
        ):
            self.stack.addWidget(page)
        self.form.photo_requested.connect(self._on_form_photo_requested)
        self.form.signature_requested.connect(self._on_form_signature_requested)
        self.sync_worker: SyncWorker | None = None
        self.site_plan.view.pin_placed.connect(self._on_plan_pin_placed)
        self.site_plan.view.defect_opened.connect(lambda did: self.select("defect", did))
        self.form.answer_saved.connect(self._on_form_answer_saved)
        self.form.defect_requested.connect(self._on_form_defect_requested)
        self.defect_editor.defect_saved.connect(lambda did: self._changed("defect", did))

        # The tree under its search box (Ctrl+F); matches list between them while typing.
        self.tree_search = TreeSearch(store)
        self.tree_search.picked.connect(self.select)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.setSpacing(2)
        left_lay.addWidget(self.tree_search)
        left_lay.addWidget(self.tree, 3)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 940])
        self.setCentralWidget(self.splitter)
        self.help = HelpOverlay(self)

        self._build_actions()
        self._build_status_bar()
        self._restore()

    # ----- actions ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        bar = self.addToolBar(self.tr("常用"))
        bar.setObjectName("mainToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        standard = self.style().standardIcon
        P = QStyle.StandardPixmap
        self.actions_: dict[str, QAction] = {}
        for key, text, shortcut, glyph, slot in (
            ("new_inspection", self.tr("新建检查"), "Ctrl+N", "new-inspection", self.new_inspection),
            ("add_defect", self.tr("登记问题"), "Ctrl+D", "add-defect", self.add_defect),
            ("site_plan", self.tr("平面图"), "Ctrl+L", "site-plan", self.show_site_plan),
            ("sign", self.tr("签字"), "Ctrl+Shift+S", "sign", self.sign_current),
            ("lifecycle", self.tr("改造阶段"), "Ctrl+G", P.SP_ArrowForward, self.show_project_page),
            ("import_photos", self.tr("导入照片"), "Ctrl+I", "import-photos", self.import_photos),
            ("desk", self.tr("问题台账"), "Ctrl+2", P.SP_FileDialogListView, self.show_desk),
            ("sync", self.tr("同步"), "F5", "sync", self.sync_now),
            ("conflicts", t("冲突", "Conflicts"), "Ctrl+Shift+K", P.SP_MessageBoxWarning, self.show_conflicts),
            ("print", self.tr("打印"), "Ctrl+P", "print", self.print_menu),
            ("switch_user", self.tr("切换用户"), "Ctrl+Shift+U", P.SP_DialogYesButton, self.switch_user),
            ("settings", self.tr("设置"), "Ctrl+,", P.SP_FileDialogDetailedView, self.open_settings),
            ("help", self.tr("快捷键"), "F1", P.SP_DialogHelpButton, self.help.toggle),
        ):  # fmt: skip
            picture = icon(glyph) if isinstance(glyph, str) else standard(glyph)
            action = QAction(picture, text, self)
            action.setObjectName(key)
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{text} ({shortcut})")
            if slot:
                action.triggered.connect(slot)
            else:
                action.setEnabled(False)
            bar.addAction(action)
            self.actions_[key] = action
        find = QAction(t("在导航中查找", "Find in the navigator"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._find)
        self.addAction(find)

    def _find(self) -> None:
        self.tree_search.box.setFocus()
        self.tree_search.box.selectAll()

    def _build_status_bar(self) -> None:
        self.user_label = QLabel()  # who is signed in: every change is made as them
        self.user_label.setObjectName("signedInUser")
        self.statusBar().addWidget(self.user_label)
        self.connection_label = QLabel()
        self.pending_label = QLabel()
        self.last_sync_label = QLabel()
        # Conflicts waiting to be settled: shown only when there are some; opens the list.
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("conflictsButton")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setStyleSheet("color: #c92a2a; font-weight: 600; padding: 0 6px;")
        self.conflicts_button.clicked.connect(self.show_conflicts)
        for w in (
            self.conflicts_button,
            self.connection_label,
            self.pending_label,
            self.last_sync_label,
        ):
            self.statusBar().addPermanentWidget(w)
        self.refresh_status()

    def refresh_status(self) -> None:
        who = identity.current(self.store)
        self.user_label.setText(
            self.tr("当前用户：%1").replace("%1", who.describe()) if who else self.tr("尚未登录")
        )
        online = self.store.get_meta("sync.server") and self.store.get_meta("sync.token")
        self.connection_label.setText(self.tr("● 在线") if online else self.tr("○ 离线"))
        self.connection_label.setProperty("online", bool(online))
        n = outbox.waiting(self.store)  # this laptop's work, not the demo's seed data
        self.pending_label.setText(self.tr("%1 项更改待同步").replace("%1", str(n)))
        last = self.store.get_meta("sync.last_success")
        self.last_sync_label.setText(
            self.tr("上次同步：%1").replace("%1", last[:16].replace("T", " "))
            if last
            else self.tr("尚未同步")
        )
        if getattr(self, "sync_status", None) is not None:  # its count of waiting changes too
            self.sync_status.refresh_waiting()
        waiting = conflict_ops.count_open(self.store)
        self.conflicts_button.setText(
            t(
                f"⚠ {waiting} 项冲突待处理",
                f"⚠ {waiting} conflict{'s' if waiting != 1 else ''} to settle",
            )
        )
        self.conflicts_button.setVisible(waiting > 0)

    # ----- navigation ------------------------------------------------------------------------

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_record(current.data(ROLE_KIND), current.data(ROLE_ID))

    def open_record(self, kind: str, record_id: str) -> None:
        self.defect_editor.flush()
        try:
            if kind == "project":
                self.overview.show_project(record_id)
                self.project_page.set_project(record_id)
                self.project_tabs.setTabVisible(1, True)
                self.stack.setCurrentWidget(self.project_tabs)
            elif kind == "building":
                b = self.store.get(Building, record_id)
                self.overview.show_project(b.project_id, record_id)
                self.project_tabs.setCurrentIndex(0)
                self.project_tabs.setTabVisible(1, False)
                self.stack.setCurrentWidget(self.project_tabs)
            elif kind == "inspection":
                self.form.load(record_id)
                self.stack.setCurrentWidget(self.form)
            elif kind == "defect":
                self.defect_editor.load(record_id)
                self.stack.setCurrentWidget(self.defect_editor)
        except InspectError as e:
            show_error(self, e)
            return
        self.current = (kind, record_id)
        self.selection_changed.emit(kind, record_id)

    def select(self, kind: str, record_id: str) -> None:
        """Open a record and show it in the navigator, opening its parents as needed."""
        if kind in ("inspection", "defect"):
            rec: Inspection | Defect = (
                self.store.get(Inspection, record_id)
                if kind == "inspection"
                else self.store.get(Defect, record_id)
            )
            self._expand("project", rec.project_id)
            if rec.building_id:
                self._expand("building", rec.building_id)
        elif kind == "building":
            self._expand("project", self.store.get(Building, record_id).project_id)
        index = self.navigator.index_of(kind, record_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.open_record(kind, record_id)

    def _expand(self, kind: str, record_id: str) -> None:
        index = self.navigator.index_of(kind, record_id)
        if index.isValid():
            if self.navigator.canFetchMore(index):
                self.navigator.fetchMore(index)
            self.tree.expand(index)

    def context(self) -> tuple[str, str]:
        """The community and building of whatever is open (ids, building may be empty)."""
        kind, rid = self.current
        if kind == "project":
            return rid, ""
        if kind == "building":
            return self.store.get(Building, rid).project_id, rid
        if kind in ("inspection", "defect"):
            rec: Inspection | Defect = (
                self.store.get(Inspection, rid)
                if kind == "inspection"
                else self.store.get(Defect, rid)
            )
            return rec.project_id, rec.building_id
        return "", ""

    # ----- the day's actions -----------------------------------------------------------------

    def templates(self) -> dict[str, Template]:
        if self._templates is None:
            from ..forms import load_all

            self._templates = load_all()
        return self._templates

    def new_inspection(self) -> None:
        from .new_inspection import NewInspectionDialog

        project_id, building_id = self.context()
        if not project_id:
            self.no_community()
            return
        try:
            dialog = NewInspectionDialog(
                self.store, self.store.get(Project, project_id), self.templates(), building_id, self
            )
            if dialog.exec() != dialog.DialogCode.Accepted:
                return
            tpl, building_id, title = dialog.chosen()
            inspection = self.start_inspection(tpl, project_id, building_id, title)
        except Exception as e:
            show_error(self, e)
            return
        self.select("inspection", inspection.id)
        self.form.setFocus()

    def start_inspection(
        self, tpl: Template, project_id: str, building_id: str, title: str
    ) -> Inspection:
        inspection = start_inspection(self.store, tpl, project_id, building_id, title=title)
        self._changed("inspection", inspection.id)
        return inspection

    def add_defect(self) -> None:
        """From the current checklist item when a checklist is open, else a freehand defect."""
        if self.stack.currentWidget() is self.form and self.form._raise_defect():
            return
        project_id, building_id = self.context()
        if not project_id:
            self.no_community()
            return
        d = self.raise_defect(
            Defect(project_id=project_id, building_id=building_id, title=self.tr("新问题"))
        )
        if d is None:
            return
        self.select("defect", d.id)
        self.defect_editor.title.setFocus()
        self.defect_editor.title.selectAll()

    def raise_defect(self, defect: Defect) -> Defect | None:
        """Record a new defect with its `created` event; None when the workflow refuses (a
        contractor may not raise one), after saying so."""
        try:
            defects.raise_defect(self.store, defect)
        except InspectError as e:
            show_error(self, e)
            return None
        self._changed("defect", defect.id)
        return defect

    def import_photos(self) -> None:
        """Into the open defect, the current checklist item, or else the community."""
        if self.stack.currentWidget() is self.defect_editor and self.defect_editor.photos:
            self.defect_editor.photos._on_add_button_clicked()
            return
        if self.stack.currentWidget() is self.form and self.form.current_item():
            self.form._attach_photo()
            return
        project_id, _ = self.context()
        if not project_id:
            self.no_community()
            return
        name = self.store.get(Project, project_id).name
        PhotoDialog(self.store, "project", project_id, project_id=project_id,
                    title=self.tr("%1 的照片").replace("%1", name), parent=self).exec()  # fmt: skip

    def _on_form_photo_requested(self, inspection_id: str, path: str) -> None:
        """The item's photos, window-modal (the window keeps painting while photos import)."""
        self.photo_dialog = dlg = PhotoDialog(self.store, "inspection", inspection_id,
                                              item_id=path, title=self.tr("检查项照片"),
                                              parent=self)  # fmt: skip
        # A photo is the evidence a failed item may need, and it carries onto the item's defect.
        dlg.strip.photos_imported.connect(lambda _ids: self._on_item_photos_changed(inspection_id))
        dlg.finished.connect(lambda _r: self._on_item_photos_changed(inspection_id))
        dlg.open()

    def _on_item_photos_changed(self, inspection_id: str) -> None:
        if self.current == ("inspection", inspection_id):
            self.form.refresh()

    def _on_form_signature_requested(self, inspection_id: str, path: str) -> None:
        from .signature_pad import SignatureDialog

        # Signing is not answering: the item shows its Signature record; nothing else changes.
        self.signature_dialog = dialog = SignatureDialog(
            self.store, Inspection.table, inspection_id, self, item=path
        )
        if dialog.exec() == dialog.DialogCode.Accepted and dialog.signature is not None:
            self.form.refresh()
            self._changed("inspection", inspection_id)

    def signed_in_or_say(self) -> bool:
        """Views made for the signed-in user: with nobody signed in, say what to do next (no
        users at all: the welcome page; else sign in) rather than offer an empty list."""
        if identity.current(self.store) is not None:
            return True
        if not self.store.count(User):
            self.no_community()
            return False
        self.statusBar().showMessage(t("请先登录：问题台账按登录用户显示。",
                                       "Sign in first: the desk shows what is yours."), 8000)  # fmt: skip
        return self.switch_user()

    def show_desk(self) -> None:
        if not self.signed_in_or_say():
            return
        if self.supervision.count() == 0:
            from .dashboard import Dashboard
            from .defect_desk import DefectDesk
            from .scorecard import Scorecard

            self.desk = desk = DefectDesk(self.store)
            self.dashboard = dashboard = Dashboard(self.store)
            self.supervision.addTab(desk, self.tr("问题台账"))
            self.supervision.addTab(dashboard, self.tr("统计分析"))
            self.supervision.addTab(Scorecard(self.store), self.tr("施工单位信用评价"))
            dashboard.filter_picked.connect(self._on_dashboard_filter_picked)
            desk.defects_changed.connect(self._on_desk_defects_changed)
        self.defect_editor.flush()
        self.stack.setCurrentWidget(self.supervision)

    def _on_desk_defects_changed(self, ids: list[str]) -> None:
        for i in ids:
            self.navigator.record_changed("defect", i)

    def show_conflicts(self) -> None:
        """Edits that lost a merge, beside what was kept; the office settles them here."""
        if self.conflicts is None:
            from .conflict_list import ConflictList

            self.conflicts = conflicts = ConflictList(self.store)
            conflicts.settled.connect(self._on_conflict_settled)
            conflicts.record_opened.connect(self._on_conflict_record_opened)
            self.stack.addWidget(conflicts)
        else:
            self.conflicts.refresh()
        self.defect_editor.flush()
        self.stack.setCurrentWidget(self.conflicts)

    def _on_conflict_record_opened(self, table: str, record_id: str) -> None:
        kind = {"defects": "defect", "inspections": "inspection", "projects": "project"}.get(table)
        if kind:
            self.select(kind, record_id)
        else:
            self.statusBar().showMessage(f"{table}/{record_id}", 5000)

    def _on_conflict_settled(self, _conflict_id: str) -> None:
        row = self.conflicts.current_row() if self.conflicts else None
        if row and row["table"] == "defects":
            self.navigator.record_changed("defect", row["record_id"])
        self.refresh_status()

    def _on_dashboard_filter_picked(self, flt) -> None:
        if self.desk is not None:  # the dashboard is made with the desk
            self.desk.set_filter(flt)
            self.supervision.setCurrentWidget(self.desk)

    def report_menu(self) -> QMenu:
        """The reports that fit what is open."""
        project_id, _ = self.context()
        kind, rid = self.current
        menu = QMenu(self)
        if kind == "inspection":
            insp = self.store.get(Inspection, rid)
            report = {"acceptance": "acceptance", "handover": "handover"}.get(
                str(insp.kind), "inspection"
            )
            menu.addAction(self.tr("本次检查记录"), self._printer(report, inspection_id=rid))
        if project_id:
            for report, text in (
                ("survey", self.tr("隐患排查报告")),
                ("rectification-notice", self.tr("监理通知单")),
                ("rectification-reply", self.tr("监理通知回复单")),
                ("stop-order", self.tr("工程暂停令")),
                ("defects", self.tr("缺陷清单")),
            ):
                menu.addAction(text, self._printer(report, project_id=project_id))
        return menu

    def _printer(self, kind: str, **target: str) -> Callable[[], None]:
        """A menu entry's action: print `kind` for `target` (print_report looked up when
        chosen)."""
        return lambda: self.print_report(kind, **target)

    def print_menu(self) -> None:
        """The report menu, under the print button."""
        menu = self.report_menu()
        if menu.isEmpty():
            self.no_community()
            return
        bar = self.findChild(QToolBar, "mainToolBar")
        button = bar.widgetForAction(self.actions_["print"]) if bar else None
        menu.exec(button.mapToGlobal(button.rect().bottomLeft()) if button else QCursor.pos())

    def print_report(self, kind: str, project_id: str = "", inspection_id: str = "") -> None:
        from .print_preview import PrintPreviewDialog

        PrintPreviewDialog(self._profile(), kind, project_id=project_id,
                           inspection_id=inspection_id, lang=current_language(), parent=self).exec()  # fmt: skip

    def _profile(self) -> Path:
        """The profile folder this window shows (a window always has one)."""
        assert self.store.root is not None
        return Path(self.store.root)

    def sync_now(self) -> None:
        if self.sync_worker is None:
            if not self.store.get_meta("sync.server") or not self.store.get_meta("sync.token"):
                dialog = SyncSetupDialog(self.store, self)
                if dialog.exec() != dialog.DialogCode.Accepted:
                    return
                server, user, password = dialog.values()
            else:
                server, user, password = (self.store.get_meta("sync.server") or "",
                                          self.store.get_meta("sync.user") or "", "")  # fmt: skip
            self.start_sync(server, user, password)
        if self.sync_worker is not None:
            self.sync_worker.sync_now()

    def start_sync(self, server: str, user: str, password: str = "") -> SyncWorker:
        self.sync_worker = SyncWorker(self._profile(), server, user,
                                      password=lambda: password, parent=self)  # fmt: skip
        self.sync_status = SyncStatus(self.sync_worker, self.store, self)
        self.statusBar().insertPermanentWidget(1, self.sync_status)  # after who is signed in
        self.sync_worker.sync_finished.connect(self._after_sync)
        self.sync_worker.sync_failed.connect(lambda _m: self.refresh_status())
        return self.sync_worker

    def _after_sync(self, report=None) -> None:
        if report is not None and report.restored:  # once: the status bar keeps the figures
            messages().info(self, restore_notice(report))
        self.navigator.reload()
        self.refresh_status()
        if self.conflicts is not None:
            self.conflicts.refresh()
        if self.current[0] == "project":
            self.overview.show_project(self.current[1])

    def show_site_plan(self) -> None:
        project_id, _ = self.context()
        if not project_id:
            self.no_community()
            return
        self.defect_editor.flush()
        self.site_plan.load_project(project_id)
        self.stack.setCurrentWidget(self.site_plan)
        self.site_plan.setFocus()

    def show_project_page(self) -> None:
        """The community's stages, gates with their evidence, votes, handover and warranty."""
        project_id, _ = self.context()
        if not project_id:
            self.no_community()
            return
        self.defect_editor.flush()
        try:
            self.project_page.set_project(project_id)
        except InspectError as e:
            show_error(self, e)
            return
        self.project_tabs.setTabVisible(1, True)
        self.project_tabs.setCurrentWidget(self.project_page)
        self.stack.setCurrentWidget(self.project_tabs)

    def _on_project_page_evidence_requested(self, table: str, record_id: str) -> None:
        """Evidence the navigator can open (an inspection, a defect) opens there; the rest is
        shown where it is, on the project page."""
        kind = {"inspections": "inspection", "defects": "defect"}.get(table)
        if kind:
            self.select(kind, record_id)
        else:
            self.statusBar().showMessage(f"{table}/{record_id}", 5000)

    def sign_current(self) -> None:
        """Sign the open inspection or defect (window-modal: the window stays responsive)."""
        from .signature_pad import SignatureDialog

        kind, record_id = self.current
        if kind not in ("inspection", "defect"):
            self.statusBar().showMessage(self.tr("请先打开要签字的检查记录或问题"), 5000)
            return
        if kind == "defect":
            self.defect_editor.flush()
        table = Inspection.table if kind == "inspection" else Defect.table
        self.signature_dialog = dlg = SignatureDialog(self.store, table, record_id, self)
        dlg.signed.connect(lambda _sig: self._changed(kind, record_id))
        dlg.open()

    def _on_plan_pin_placed(self, x: float, y: float) -> None:
        """A pin put on the plan where nothing was: a new defect there."""
        project_id = self.site_plan.view.project_id
        d = self.raise_defect(
            Defect(project_id=project_id, title=self.tr("新问题"), plan_x=x, plan_y=y)
        )
        if d is None:
            return
        self.site_plan.view.reload_pins()
        self.select("defect", d.id)
        self.defect_editor.title.setFocus()
        self.defect_editor.title.selectAll()

    def _on_form_defect_requested(self, inspection_id: str, path: str) -> None:
        """Ctrl+D or a row's button: the item's defect, raised now unless it already was."""
        try:
            d, created = raise_from_item(self.store, inspection_id, path)
        except InspectError as e:
            show_error(self, e)
            return
        if created:
            self._changed("defect", d.id)
        self.select("defect", d.id)

    def _on_form_answer_saved(self, inspection_id: str, _path: str) -> None:
        self._changed("inspection", inspection_id)
        last = self.form.session.last if self.form.session is not None else None
        if last is not None:  # auto-defects raised or updated by the answer
            for defect_id in {*last.defects_created, *last.defects_updated, *last.defects_passing}:
                self.navigator.record_changed("defect", defect_id)

    def _changed(self, kind: str, record_id: str) -> None:
        self.navigator.record_changed(kind, record_id)
        self.refresh_status()

    def switch_user(self, name: str = "") -> bool:
        """Sign someone else in (their password is asked) and rebuild every view for them."""
        from .login_dialog import LoginDialog

        self.defect_editor.flush()
        if not self.store.count(User):  # nobody to choose from: say how users arrive
            self.no_community()
            return False
        self.login_dialog = dialog = LoginDialog(self.store, self)
        if name:
            dialog.choose(name)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return False
        self.rebuild_views()
        return True

    def rebuild_views(self) -> None:
        """Every view again, as the signed-in user sees it: the tree, the open record, the
        desk, the dashboard and the scorecards (made again when next opened)."""
        showing_desk = self.stack.currentWidget() is self.supervision
        while self.supervision.count():
            page = self.supervision.widget(0)
            self.supervision.removeTab(0)
            if page is None:
                break
            if hasattr(page, "wait"):
                page.wait()
            page.deleteLater()
        self.desk = self.dashboard = None
        self.navigator.reload()
        kind, rid = self.current
        self.current = ("", "")
        if showing_desk:
            self.show_desk()
        elif kind:
            try:
                self.select(kind, rid)
            except InspectError:
                first = self.navigator.index(0, 0)
                if first.isValid():
                    self.tree.setCurrentIndex(first)
        self.refresh_status()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        SettingsDialog(self.store, self.settings, self).exec()
        self.refresh_status()

    # ----- window state ----------------------------------------------------------------------

    def no_community(self) -> None:
        """An action needing a community, with none chosen: say what to do next; with none on
        this laptop at all, that is the welcome page."""
        if self.navigator.rowCount() == 0:
            self.show_welcome()
            self.statusBar().showMessage(
                t("这台电脑上还没有小区：打开演示数据、连接中心服务器或新建小区。",
                  "No communities on this laptop yet: open the demo, connect to a central "
                  "store, or create one."), 8000)  # fmt: skip
        else:
            self.statusBar().showMessage(self.tr("请先在左侧选择一个小区"), 5000)

    def show_welcome(self) -> None:
        """The first-start page (ui/welcome.py)."""
        from .welcome import WelcomePage

        welcome = getattr(self, "welcome", None)
        if welcome is None:
            self.welcome = welcome = WelcomePage(self.store)
            welcome.ready.connect(self._on_welcome_ready)
            self.stack.addWidget(welcome)
        welcome.refresh()
        self.stack.setCurrentWidget(welcome)

    def _on_welcome_ready(self, what: str) -> None:
        """The demo made, a central store's records fetched, or a community created: show them
        as the user now signed in sees them."""
        self.store.actor = self.store.get_meta("user_id") or ""
        self.rebuild_views()
        if what.startswith("community:"):
            self.select("project", what.split(":", 1)[1])
        elif self.navigator.rowCount():
            self.tree.setCurrentIndex(self.navigator.index(0, 0))
        else:
            self.show_welcome()
            return
        self.statusBar().showMessage(
            {"demo": t("演示数据已打开：以检查员张伟登录。", "The demo is open: signed in as the inspector 张伟."),
             "connected": t("已连接中心服务器并同步。", "Connected to the central store and synced.")}.get(
                what, t("小区已新建。", "The community was created.")), 8000)  # fmt: skip

    def _restore(self) -> None:
        s = self.settings
        if s.value("window/geometry"):
            self.restoreGeometry(s.value("window/geometry"))
        if s.value("window/state"):
            self.restoreState(s.value("window/state"))
        last = s.value(f"profile/{self.store.node_id}/last_project")
        record = str(s.value(f"profile/{self.store.node_id}/last_record") or "")
        first = self.navigator.index(0, 0)
        if self._reopen(record):
            pass  # the inspection or defect that was open when the window closed
        elif last and self.navigator.index_of("project", last).isValid():
            self.select("project", last)
        elif first.isValid():
            self.tree.setCurrentIndex(first)
        else:
            self.show_welcome()  # an empty profile: say how to begin

    def _reopen(self, record: str) -> bool:
        """Open "inspection:<id>" or "defect:<id>" again, if it is still there to open."""
        kind, _, rid = record.partition(":")
        if kind not in ("inspection", "defect") or not rid:
            return False
        try:
            self.select(kind, rid)
        except InspectError:  # deleted, or no longer visible to this user
            return False
        return self.current == (kind, rid)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The splitter's sizes only stick once the window has its real size.
        state = self.settings.value("window/splitter")
        if state and not getattr(self, "_splitter_restored", False):
            self._splitter_restored = True
            self.splitter.restoreState(state)

    def save_state(self) -> None:
        self.defect_editor.flush()
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        project_id, _ = self.context() if self.current[0] else ("", "")
        if project_id:
            s.setValue(f"profile/{self.store.node_id}/last_project", project_id)
        kind, rid = self.current
        s.setValue(f"profile/{self.store.node_id}/last_record",
                   f"{kind}:{rid}" if kind in ("inspection", "defect") else "")  # fmt: skip
        s.sync()

    def closeEvent(self, event) -> None:
        self.save_state()
        super().closeEvent(event)
