"""The dashboard (统计看板): trend, categories by severity, overdue by contractor, hazards per
community and time to close. Clicking a bar asks for the matching list (`filter_picked`);
`print_pdf` prints the page."""

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.defect_status import local_today
from ..core.i18n import current
from ..core.model import NAMES, Role, Severity
from ..store import Store
from ..store import defect_query as dq
from ..store import defect_stats as stats
from ..store import defects as ops
from .defect_detail import tr
from .defect_model import SEVERITY_COLORS

OPENED, CLOSED = "#1565c0", "#2e7d32"


class Dashboard(QWidget):
    filter_picked = Signal(object)  # a DefectFilter for the list

    def __init__(self, store: Store, parent=None, today: date | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today or local_today()
        who = ops.actor(store)
        self._base = dq.DefectFilter(scope_org_id=who.org_id if who.role == Role.CONTRACTOR else "")
        self.setStyleSheet("background: white;")
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18px; font-weight: 600; color: #263238;")
        self.kpis = QHBoxLayout()
        grid = QGridLayout()
        grid.setSpacing(8)
        self.trend_view = self._view()
        self.category_view = self._view()
        self.overdue_view = self._view()
        self.community_view = self._view()
        grid.addWidget(self.trend_view, 0, 0)
        grid.addWidget(self.category_view, 0, 1)
        grid.addWidget(self.overdue_view, 1, 0)
        grid.addWidget(self.community_view, 1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addLayout(self.kpis)
        lay.addLayout(grid, 1)
        self.reload()

    def _view(self) -> QChartView:
        v = QChartView()
        v.setRenderHint(QPainter.RenderHint.Antialiasing)
        v.setMinimumSize(300, 180)  # four fit a 1366×768 window
        return v

    def reload(self) -> None:
        s, flt, today = self._store, self._base, self._today
        self.heading.setText(
            tr(f"问题统计看板  ·  {today:%Y-%m-%d}", f"Defect dashboard  ·  {today:%Y-%m-%d}")
        )
        totals = stats.totals(s, flt, today)
        open_now = totals["not_closed"]
        majors = len(ops.escalations(s, today)) if not flt.scope_org_id else None
        self._set_kpis(
            [
                (tr("问题总数", "All defects"), f"{totals['total']:,}", "#263238", flt),
                (tr("未销项", "Not closed"), f"{open_now:,}", "#1565c0", flt.with_(open_only=True)),
                (
                    tr("逾期未整改", "Overdue"),
                    f"{totals['overdue']:,}",
                    "#c62828",
                    flt.with_(overdue=True),
                ),
                *(
                    [
                        (
                            tr("重大隐患逾期", "Overdue major hazards"),
                            f"{majors:,}",
                            "#b71c1c",
                            flt.with_(overdue=True, severity=Severity.MAJOR.value),
                        )
                    ]
                    if majors is not None
                    else []
                ),
                (
                    tr("平均销项用时", "Average time to close"),
                    tr(
                        f"{stats.average_days_to_close(s, flt, today)} 天",
                        f"{stats.average_days_to_close(s, flt, today)} days",
                    ),
                    "#2e7d32",
                    flt.with_(status="closed"),
                ),
            ]
        )
        self._trend(stats.trend(s, flt, 12, today))
        self._categories(stats.by_category_severity(s, flt, today))
        self._overdue(stats.overdue_by_contractor(s, flt, today))
        self._communities(stats.hazards_per_community(s, flt, today))

    def _set_kpis(self, items) -> None:
        while self.kpis.count():
            taken = self.kpis.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w:
                w.hide()
                w.deleteLater()
        self.kpi_links: dict[str, QLabel] = {}
        for label, value, color, target in items:
            box = QFrame()
            box.setStyleSheet(
                "QFrame { background: #f5f7f9; border-radius: 6px; }"
                f" QLabel#v {{ color: {color}; font-size: 22px; font-weight: 600; }}"
                " QLabel#l { color: #607d8b; }"
            )
            bl = QVBoxLayout(box)
            v, lab = QLabel(value), QLabel(label)
            v.setObjectName("v")
            lab.setObjectName("l")
            bl.addWidget(v)
            row = QHBoxLayout()
            row.addWidget(lab)
            row.addStretch(1)
            if target is not None:  # the figure opens its list: the escalation list, …
                link = QLabel(f'<a href="list">{tr("查看清单", "Show list")}</a>')
                link.linkActivated.connect(lambda _h, f=target: self.filter_picked.emit(f))
                row.addWidget(link)
                self.kpi_links[label] = link
            bl.addLayout(row)
            self.kpis.addWidget(box)

    # ----- charts -------------------------------------------------------------------------------

    def _chart(self, title: str) -> QChart:
        c = QChart()
        c.setTitle(title)
        f = QFont(self.font())
        f.setPointSize(11)
        f.setBold(True)
        c.setTitleFont(f)
        c.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        c.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        c.setMargins(QMargins(4, 4, 4, 4))
        return c

    def _trend(self, weeks) -> None:
        self.trend_weeks = [w for w, _o, _c in weeks]
        c = self._chart(tr("近12周 新增与销项", "Raised and closed, last 12 weeks"))
        opened = QBarSet(tr("新增", "Raised"))
        closed = QBarSet(tr("销项", "Closed"))
        opened.setColor(QColor(OPENED))
        closed.setColor(QColor(CLOSED))
        for _w, o, cl in weeks:
            opened.append(o)
            closed.append(cl)
        series = QBarSeries()
        series.append(opened)
        series.append(closed)
        opened.clicked.connect(self._on_week_clicked)
        closed.clicked.connect(self._on_week_clicked)
        self._axes(c, series, [f"{w.month}/{w.day}" for w in self.trend_weeks])  # fits 1366 px
        self.trend_series = series
        self.trend_view.setChart(c)

    def _on_week_clicked(self, index: int) -> None:
        start = self.trend_weeks[index]
        self.filter_picked.emit(
            self._base.with_(
                reported_from=start.isoformat(),
                reported_to=(start + timedelta(days=6)).isoformat(),
            )
        )

    def _categories(self, counts: dict[str, dict[str, int]]) -> None:
        self.categories = list(counts)
        c = self._chart(tr("各类别问题（按等级）", "Defects by category and severity"))
        series = QStackedBarSeries()
        lang = current()
        for sev in reversed(Severity):
            bs = QBarSet(NAMES[sev][lang])
            bs.setColor(QColor(SEVERITY_COLORS[sev.value]))
            for cat in self.categories:
                bs.append(counts[cat].get(sev.value, 0))
            bs.clicked.connect(lambda i, s=sev.value: self._on_category_clicked(i, s))
            series.append(bs)
        self._axes(c, series, self.categories)
        self.category_series = series
        self.category_view.setChart(c)

    def _on_category_clicked(self, index: int, severity: str) -> None:
        self.filter_picked.emit(
            self._base.with_(category=self.categories[index], severity=severity)
        )

    def _overdue(self, rows) -> None:
        self.overdue_orgs = [org_id for org_id, _n, _c in rows]
        c = self._chart(tr("各施工单位逾期问题", "Overdue by contractor"))
        bs = QBarSet(tr("逾期", "Overdue"))
        bs.setColor(QColor("#c62828"))
        for _org, _name, n in rows:
            bs.append(n)
        bs.clicked.connect(
            lambda i: self.filter_picked.emit(
                self._base.with_(assignee_org_id=self.overdue_orgs[i], overdue=True)
            )
        )
        series = QHorizontalBarSeries()
        series.setBarWidth(0.5)
        series.append(bs)
        series.setLabelsVisible(True)
        self._axes(c, series, [name or tr("未下发", "Not assigned") for _o, name, _n in rows], True)
        c.legend().hide()
        self.overdue_series = series
        self.overdue_view.setChart(c)

    def _communities(self, rows) -> None:
        rows = rows[:10]
        self.community_ids = [pid for pid, *_ in reversed(rows)]
        c = self._chart(tr("各小区未销项问题（前10）", "Open defects per community (top 10)"))
        major = QBarSet(tr("重大隐患", "Major hazards"))
        other = QBarSet(tr("其他", "Other"))
        major.setColor(QColor(SEVERITY_COLORS["major"]))
        other.setColor(QColor("#90a4ae"))
        for _pid, _name, n, m in reversed(rows):
            major.append(m)
            other.append(n - m)
        series = QHorizontalStackedBarSeries()
        series.append(major)
        series.append(other)
        major.clicked.connect(
            lambda i: self.filter_picked.emit(
                self._base.with_(project_id=self.community_ids[i], severity="major")
            )
        )
        other.clicked.connect(
            lambda i: self.filter_picked.emit(self._base.with_(project_id=self.community_ids[i]))
        )
        self._axes(c, series, [name for _p, name, *_ in reversed(rows)], True)
        self.community_view.setChart(c)
        self._fit_labels()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """Names beside horizontal bars cut to what fits a third of the chart (whole in the
        tooltip of the bar), so they read "和平里东街…" rather than "…"."""
        for view in (self.overdue_view, self.community_view):
            chart = view.chart()
            axis = next((a for a in chart.axes(Qt.Orientation.Vertical)
                         if isinstance(a, QBarCategoryAxis)), None)  # fmt: skip
            if axis is None:
                continue
            full = axis.property("full_names") or list(axis.categories())
            axis.setProperty("full_names", full)
            room = max(48, view.width() // 4)
            metrics = QFontMetrics(axis.labelsFont())
            fitted = [metrics.elidedText(n, Qt.TextElideMode.ElideRight, room) for n in full]
            if len(set(fitted)) == len(fitted) and fitted != list(axis.categories()):
                # Same count, new text: the bars keep their places.
                for old, new in zip(list(axis.categories()), fitted, strict=True):
                    axis.replace(old, new)

    def _axes(self, chart: QChart, series, categories: list[str], horizontal=False) -> None:
        chart.addSeries(series)
        cats = QBarCategoryAxis()
        cats.append(categories)
        # A row of ten bars on a laptop is ~16 px, a column of twelve weeks ~35: a label larger
        # than its place is shown as "…" whatever it says, so category labels take a smaller font.
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.8))
        cats.setLabelsFont(small)
        values = QValueAxis()
        values.setLabelFormat("%d")
        top = (
            max(
                (sum(v) for v in zip(*(_values(b) for b in series.barSets()), strict=True)),
                default=0,
            )
            if isinstance(series, (QStackedBarSeries, QHorizontalStackedBarSeries))
            else max((max(_values(b), default=0) for b in series.barSets()), default=0)
        )
        values.setRange(0, max(4, top * 1.12))  # headroom above the tallest bar
        chart.addAxis(
            cats, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
        )
        chart.addAxis(
            values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
        )
        series.attachAxis(cats)
        series.attachAxis(values)
        values.applyNiceNumbers()

    # ----- printing -----------------------------------------------------------------------------

    def print_pdf(self, path: Path) -> Path:
        """The dashboard on one landscape A4 page, as vectors (charts stay sharp)."""
        path = Path(path)
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setResolution(150)
        writer.setTitle(tr("问题统计看板", "Defect dashboard"))
        writer.setCreator("inspect-app")
        painter = QPainter(writer)
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        area = QRect(0, 0, page.width(), page.height())
        scale = min(area.width() / self.width(), area.height() / self.height())
        painter.scale(scale, scale)
        self.render(painter, QPoint(0, 0))
        painter.end()
        return path


def _values(bar_set: QBarSet) -> list[float]:
    return [bar_set.at(i) for i in range(bar_set.count())]
