"""Writing cells into .xlsx workbooks (openpyxl) so that any stored text can be written.

Text reaching a writer has been through the text policy (core/text.py); this is the last
defence for what has not (data stored before the policy, a future path that forgot it): what
XML cannot hold is removed and a cell holds at most 32,767 characters. Text that starts like a
formula (=SUM(…), the usual spreadsheet injection) is written as text, never as a formula.
"""

from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from .core.text import XLSX_CELL, for_xml


def new_workbook() -> tuple[Workbook, Worksheet]:
    """A workbook and its one (first) sheet."""
    wb = Workbook()
    ws = wb.worksheets[0]
    assert isinstance(ws, Worksheet)
    return wb, ws


def value(v: Any) -> Any:
    """A cell value any workbook can hold."""
    return for_xml(v, XLSX_CELL) if isinstance(v, str) else v


def append(ws, values) -> None:
    """Append a row of values to a worksheet (normal or write-only), text kept as text."""
    values = [value(v) for v in values]
    if isinstance(ws, WriteOnlyWorksheet):
        cells = []
        for v in values:
            cell = WriteOnlyCell(ws, value=v)
            if isinstance(v, str) and cell.data_type == "f":
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
        return
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"
