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

    def _measure(self, availWidth: float, availHeight: float) -> list[float]:
        """The row heights, measured once (the whole table laid out by reportlab itself)."""
        if self.heights is None:
            whole: Table = self.make(self.data, None)
            self._width = whole.wrap(availWidth, availHeight)[0]
            self.heights = list(whole._rowHeights)  # type: ignore[attr-defined]  # set by wrap()
        elif not self._width:
            self._width = self.make(self.data[:1], self.heights[:1]).wrap(availWidth, 1e9)[0]
        return self.heights

    def wrap(self, availWidth, availHeight):
        return self._width, sum(self._measure(availWidth, availHeight))

    def split(self, availWidth, availHeight):
        heights = self._measure(availWidth, availHeight)
        head, h = heights[0], heights[0]
        n = 1
        while n < len(heights) and h + heights[n] <= availHeight:
            h += heights[n]
            n += 1
        if n == 1:  # not even one row below the head: the frame moves on to the next page
            return []
        page = self.make(self.data[:n], heights[:n])
        rest = StreamTable(self.make, self.data[:1] + self.data[n:], [head, *heights[n:]])
        rest._width = self._width
        return [page, rest] if n < len(heights) else [page]

    def draw(self):
        heights = self.heights or []
        t = self.make(self.data, heights)
        t.wrapOn(self.canv, self._width, sum(heights))
        t.drawOn(self.canv, 0, 0)
