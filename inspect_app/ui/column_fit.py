"""A table whose first column takes the spare width: the others keep their preferred widths
while there is room, and shrink together (their text elided) when there is not, so the title
column never falls below a readable width and the table never scrolls sideways."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView


def share(total: int, preferred: list[int], stretch_min: int, least: int = 36) -> list[int]:
    """Widths for the non-stretching columns, given the table's width: as preferred when
    `stretch_min` is left over, else scaled down together (none below `least`)."""
    wanted = sum(preferred)
    room = total - stretch_min
    if wanted <= room or wanted == 0:
        return list(preferred)
    factor = max(0.0, room) / wanted
    return [max(least, int(w * factor)) for w in preferred]


class ColumnFit(QObject):
    """Keeps `view`'s column 0 stretching and the others at `share` of its width."""

    def __init__(self, view: QTableView, preferred: list[int], stretch_min: int = 220):
        super().__init__(view)
        self.view, self.preferred, self.stretch_min = view, preferred, stretch_min
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A narrowed column's heading reads "Catego…", not a middle slice "ıtego".
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setMinimumSectionSize(least := 36)
        self.least = least
        view.viewport().installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        widths = share(self.view.viewport().width(), self.preferred, self.stretch_min, self.least)
        header = self.view.horizontalHeader()
        for col, width in enumerate(widths, start=1):
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False
