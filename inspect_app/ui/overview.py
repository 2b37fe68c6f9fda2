"""The page shown for a community or a building: what it is and where it stands."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ..core.i18n import label, t
from ..core.model import NAMES, Building, Project, Stage
from ..store import Store, navigation
from ..store.conflicts import count_open


def _card(title: str, value: str, accent: str = "") -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    if accent:
        frame.setProperty("accent", accent)
    lay = QVBoxLayout(frame)
    v = QLabel(value)
    v.setObjectName("cardValue")
    t = QLabel(title)
    t.setObjectName("cardTitle")
    lay.addWidget(v)
    lay.addWidget(t)
    return frame


class OverviewPage(QWidget):
    conflicts_requested = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.today: date | None = None  # the project's local date unless set (tests)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(True)
        self.cards = QGridLayout()
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addLayout(self.cards)
        lay.addStretch(1)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.hint)

    def show_project(self, project_id: str, building_id: str = "") -> None:
        p = self.store.get(Project, project_id)
        if building_id:
            b = self.store.get(Building, building_id)
            self.title.setText(f"{p.name} · {b.name}")
            self.subtitle.setText(
                self.tr("%1 层 · %2 个单元 · %3 户 · %4 · %5 年建成")
                .replace("%1", str(b.floors))
                .replace("%2", str(b.units))
                .replace("%3", str(b.households))
                .replace("%4", b.structure)
                .replace("%5", str(b.year_built or "—"))
            )
        else:
            self.title.setText(p.name)
            self.subtitle.setText(
                self.tr("%1 · %2 · %3 户 · %4 ㎡ · %5 年建成 · 当前阶段：%6")
                .replace("%1", p.address)
                .replace("%2", p.district)
                .replace("%3", str(p.households))
                .replace("%4", f"{p.floor_area_m2:,.0f}")
                .replace("%5", str(p.year_built or "—"))
                .replace("%6", label(NAMES[Stage(p.stage)]))
            )
        fig = navigation.place_figures(self.store, project_id, building_id, self.today)
        counts, overdue = fig.open_by_severity, fig.overdue
        inspections, closed = fig.inspections, fig.closed
        while self.cards.count():
            taken = self.cards.takeAt(0)
            old = taken.widget() if taken is not None else None
            if old is not None:
                old.hide()  # at once: deleteLater waits for the event loop, and a grab shows it
                old.deleteLater()
        cards = [
            (self.tr("重大隐患（未销项）"), counts.get("major", 0), "major"),
            (self.tr("较大问题（未销项）"), counts.get("serious", 0), "serious"),
            (self.tr("一般问题（未销项）"), counts.get("minor", 0), "minor"),
            (self.tr("逾期未整改"), overdue, "major" if overdue else ""),
            (self.tr("检查记录"), inspections, ""),
            (self.tr("已销项"), closed, ""),
        ]
        if not building_id:  # edits that lost a merge, waiting to be settled (store/conflicts.py)
            waiting = count_open(self.store, project_id)
            cards.append((t("同步冲突（待处理）", "Sync conflicts to settle"), waiting,
                          "serious" if waiting else ""))  # fmt: skip
        for i, (title, value, accent) in enumerate(cards):
            card = _card(title, str(value), accent)
            if i == 6:  # the conflicts card opens their list
                self.conflicts_card = card
                card.setCursor(Qt.CursorShape.PointingHandCursor)
                card.setToolTip(t("打开冲突列表", "Open the conflicts list"))
                card.mousePressEvent = lambda _e: self.conflicts_requested.emit()  # type: ignore[method-assign]
            self.cards.addWidget(card, i // 3, i % 3)
        self.hint.setText(self.tr("Ctrl+N 新建检查 · Ctrl+D 新增问题 · F1 快捷键一览"))
