"""缺陷清单: the defects of a project (or of one inspection) with the filters chosen, as a
landscape PDF table or an .xlsx workbook."""

from pathlib import Path
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from .. import spreadsheet
from ..core.categories import category_name
from ..core.model import Defect, DefectStatus
from .context import Ctx
from .data import days_overdue, find_defects, location
from .layout import RED, Title, fit_widths, grid, table
from .textcell import plain_cell, titled_cell


def _defects(ctx: Ctx) -> list[Defect]:
    if ctx.inspection is not None:
        where, params = "inspection_id = ?", [ctx.inspection.id]
    else:
        where, params = "project_id = ?", [ctx.project.id]
    defects = find_defects(ctx, where, params, ctx.filter_spec)
    ctx.cover_many("defects", defects)
    return defects


def _header(ctx: Ctx) -> list[str]:
    return [
        ctx.tr("序号", "No."),
        ctx.tr("问题", "Defect"),
        ctx.tr("类别", "Category"),
        ctx.tr("等级", "Severity"),
        ctx.tr("位置", "Location"),
        ctx.tr("状态", "Status"),
        ctx.tr("责任单位", "Assignee"),
        ctx.tr("发现日期", "Found"),
        ctx.tr("整改期限", "Due"),
        ctx.tr("逾期天数", "Days overdue"),
    ]


def _row(ctx: Ctx, i: int, d: Defect) -> list:
    return [
        i,
        d.title,
        category_name(d.category, ctx.lang),
        ctx.name(d.severity),
        location(ctx, d),
        ctx.name(d.status, DefectStatus),
        ctx.org_name(d.assignee_org_id),
        d.reported_at[:10],
        d.due_date,
        days_overdue(d, ctx.today) or "",
    ]


def story(ctx: Ctx, width: float) -> list:
    defects = _defects(ctx)
    widths = fit_widths([0.55, 4.0, 0.7, 0.6, 1.6, 0.75, 2.0, 1.2, 1.2, 0.8], width)
    # Cells are laid out once here (plain strings where they fit on a line), not by Paragraphs.
    rows = []
    for i, d in enumerate(defects, 1):
        r: list[Any] = [plain_cell(c, w) for c, w in zip(_row(ctx, i, d), widths, strict=True)]
        r[1] = titled_cell(d.title, d.description, widths[1])
        if r[9]:
            r[9] = plain_cell(r[9], widths[9], color=RED)
        rows.append(r)
    overdue = sum(1 for d in defects if days_overdue(d, ctx.today))
    return [
        Title(ctx.title, size=18),
        grid(
            [
                [
                    (ctx.tr("工程名称", "Project"), ctx.project.name),
                    (ctx.tr("编号", "No."), ctx.number),
                    (ctx.tr("统计日期", "As of"), ctx.today.isoformat()),
                ],
                [
                    (ctx.tr("筛选条件", "Filters"), ctx.filter_spec.describe(ctx)),
                    (ctx.tr("问题数", "Defects"), str(len(defects))),
                    (ctx.tr("其中逾期", "Overdue"), str(overdue)),
                ],
            ],
            width,
        ),
        Spacer(1, 4 * mm),
        table(
            _header(ctx),
            rows,
            widths,
        ),
    ]


def write_xlsx(ctx: Ctx, path: Path) -> None:
    defects = _defects(ctx)
    ctx.finish()
    wb, ws = spreadsheet.new_workbook()
    ws.title = ctx.tr("缺陷清单", "Defects")[:31]
    bold, thin = Font(bold=True), Side(style="thin")
    spreadsheet.append(ws, [ctx.title])
    ws["A1"].font = Font(bold=True, size=14)
    spreadsheet.append(
        ws, [ctx.tr("工程名称", "Project"), ctx.project.name, ctx.tr("编号", "No."), ctx.number]
    )
    spreadsheet.append(
        ws,
        [
            ctx.tr("筛选条件", "Filters"),
            ctx.filter_spec.describe(ctx),
            ctx.tr("打印时间", "Printed"),
            ctx.printed_local.strftime("%Y-%m-%d %H:%M"),
        ],
    )
    spreadsheet.append(
        ws, [ctx.tr("报告ID", "Report ID"), ctx.report_id, "SHA-256", ctx.content_hash]
    )
    spreadsheet.append(ws, [])
    head_row = ws.max_row + 1
    spreadsheet.append(ws, [*_header(ctx), ctx.tr("描述", "Description")])
    for header in ws[head_row]:
        header.font = bold
        header.fill = PatternFill("solid", fgColor="EEEEEE")
        header.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        header.alignment = Alignment(horizontal="center", vertical="center")
    for i, d in enumerate(defects, 1):
        spreadsheet.append(ws, [*_row(ctx, i, d), d.description])
    for col, w in enumerate((6, 34, 10, 8, 22, 10, 30, 12, 12, 10, 50), 1):
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.freeze_panes = f"A{head_row + 1}"
    ws.auto_filter.ref = f"A{head_row}:{get_column_letter(11)}{max(ws.max_row, head_row)}"
    wb.save(path)
