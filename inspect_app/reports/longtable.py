"""A long table laid out once and cut into page-sized tables.

reportlab splits a Table at a page break by building the rest of it as a new Table and
measuring that again: each page costs time in proportion to the rows still to come, so a list of
thousands of rows grows with rows × pages. A `StreamTable` measures every row once (by the very
Table code that will draw it, so heights and looks are the same), then hands the frame one table
per page: the head row and the rows that fit, with their heights already known.
"""

from reportlab.platypus import Flowable, Table


class StreamTable(Flowable):
    def __init__(self, make, data: list[list], heights: list[float] | None = None):
        """`make(data, row_heights)`: the styled table of a head row plus rows (its first row
        is the head, repeated on every page)."""
        super().__init__()
        self.make = make
        self.data = data
        self.heights = heights
        self._width = 0.0
        self.hAlign = "CENTER"  # as a Table: placed as its pieces are

    def _measure(self, availWidth: float, availHeight: float) -> None:
        if self.heights is None:
            whole: Table = self.make(self.data, None)
            whole.wrap(availWidth, availHeight)
            self.heights = list(whole._rowHeights)
            self._width = whole._width
        elif not self._width:
            self._width = self.make(self.data[:1], self.heights[:1]).wrap(availWidth, 1e9)[0]

    def wrap(self, availWidth, availHeight):
        self._measure(availWidth, availHeight)
        return self._width, sum(self.heights)

    def split(self, availWidth, availHeight):
        self._measure(availWidth, availHeight)
        head, h = self.heights[0], self.heights[0]
        n = 1
        while n < len(self.heights) and h + self.heights[n] <= availHeight:
            h += self.heights[n]
            n += 1
        if n == 1:  # not even one row below the head: the frame moves on to the next page
            return []
        page = self.make(self.data[:n], self.heights[:n])
        rest = StreamTable(self.make, self.data[:1] + self.data[n:], [head, *self.heights[n:]])
        rest._width = self._width
        return [page, rest] if n < len(self.heights) else [page]

    def draw(self):
        t = self.make(self.data, self.heights)
        t.wrapOn(self.canv, self._width, sum(self.heights))
        t.drawOn(self.canv, 0, 0)
