"""The contractor scorecard (施工单位信用评价) as an .xlsx workbook."""

from datetime import date
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import spreadsheet
from ..core.i18n import t
from ..store.defect_stats import ScoreLine

HEADERS = (
    ("施工单位", "Contractor"),
    ("下发问题", "Assigned"),
    ("已复查/销项", "Closed"),
    ("按期整改", "Closed on time"),
    ("按期率", "On-time rate"),
    ("复查不通过", "Rejected replies"),
    ("重大隐患", "Major hazards"),
    ("当前逾期", "Overdue now"),
)


def write_scorecard(lines: list[ScoreLine], start: date, end: date, path: Path) -> Path:
    """Write the scorecard for [start, end] to `path` (atomically: a temporary file renamed)."""
    path = Path(path)
    wb, ws = spreadsheet.new_workbook()
    ws.title = t("施工单位评价", "Scorecard")
    spreadsheet.append(
        ws, [t(f"施工单位整改情况评价  {start} 至 {end}", f"Contractor scorecard {start} – {end}")]
    )
    ws["A1"].font = Font(size=14, bold=True)
    spreadsheet.append(ws, [t(zh, en) for zh, en in HEADERS])
    head = PatternFill("solid", fgColor="DDE3EA")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = head
        cell.alignment = Alignment(horizontal="center")
    for line in lines:
        spreadsheet.append(
            ws,
            [
                line.name,
                line.assigned,
                line.closed,
                line.closed_on_time,
                line.on_time_rate,
                line.rejected_replies,
                line.major_hazards,
                line.overdue_now,
            ],
        )
        ws.cell(ws.max_row, 5).number_format = "0.0%"
    for i, width in enumerate((22, 10, 12, 10, 9, 11, 10, 10), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    tmp = path.with_name(f".{path.name}.part")
    try:
        wb.save(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
