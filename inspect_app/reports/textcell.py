"""Table cells of wrapped text laid out once, for long lists.

A reportlab Paragraph in CJK mode costs about a millisecond to break into lines, and a table
breaks each cell's Paragraph again whenever it measures or draws it: a 5,000-row defect list
spent most of its time there. A `TextCell` breaks its text once, by the glyph widths of the
embedded font (cached per character), with the same rules: Chinese may break between any two
characters, except before closing punctuation, which hangs at the line's end; other text breaks
at spaces. It draws each line with one string, as a Paragraph does, so the page text verify
records reads the same.
"""

import re
from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from .fonts import FONT
from .layout import CELL_HEIGHT, GREY, INK, PAD, S, fit

# A run of non-space, non-CJK characters is one word; each CJK character is its own.
_TOKENS = re.compile(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+|\s+")
_WIDTHS: dict[tuple[str, float], float] = {}


def _width(text: str, size: float) -> float:
    key = (text, size)
    w = _WIDTHS.get(key)
    if w is None:
        w = _WIDTHS[key] = stringWidth(text, FONT, size)
    return w


def _char_width(text: str, size: float) -> float:
    if len(text) == 1:
        return _width(text, size)
    return sum(_width(c, size) for c in text)


def break_lines(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking of one paragraph (no newlines) into lines at most `width` wide."""
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for tok in _TOKENS.findall(text):
        if tok.isspace():
            if line:
                line.append(" ")
                used += _char_width(" ", size)
            continue
        w = _char_width(tok, size)
        if used + w <= width or not line:
            if w > width and len(tok) > 1:  # a word wider than the line: cut it by characters
                for c in tok:
                    cw = _width(c, size)
                    if used + cw > width and line:
                        lines.append("".join(line).rstrip())
                        line, used = [], 0.0
                    line.append(c)
                    used += cw
                continue
            line.append(tok)
            used += w
        elif tok in ALL_CANNOT_START:  # closing punctuation hangs rather than starting a line
            line.append(tok)
            used += w
        else:
            lines.append("".join(line).rstrip())
            line, used = [tok], w
    if line or not lines:
        lines.append("".join(line).rstrip())
    return lines


class TextCell(Flowable):
    """Paragraphs of plain text, each in its own size and colour, on a fixed leading."""

    def __init__(self, parts: Sequence[tuple[str, float, Color]], leading: float = 12.5):
        super().__init__()
        self.parts = list(parts)  # (text, font size, colour)
        self.leading = leading
        self._laid: tuple[float, list[tuple[str, float, Color]]] | None = None

    @property
    def text(self) -> str:
        return "\n".join(p[0] for p in self.parts)

    def _lines(self, width: float) -> list[tuple[str, float, Color]]:
        if self._laid is None or self._laid[0] != width:
            out = []
            for text, size, color in self.parts:
                for para in text.split("\n"):
                    out += [(line, size, color) for line in break_lines(para, width, size)]
            self._laid = (width, out)
        return self._laid[1]

    def wrap(self, availWidth, availHeight):
        if self._laid is None or self._laid[0] != availWidth:
            lines = self._lines(availWidth)
            self.width = max((_char_width(t, s) for t, s, _ in lines), default=0)
            self.height = len(lines) * self.leading
        return self.width, self.height

    def draw(self):
        canv = self.canv
        lines = self._laid[1] if self._laid else self._lines(self.width)
        first = self.parts[0][1] if self.parts else 9
        y = self.height - first
        canv.saveState()
        for text, size, color in lines:
            canv.setFont(FONT, size)
            canv.setFillColor(color)
            canv.drawString(0, y, text)
            y -= self.leading
        canv.restoreState()


def plain_cell(text, width: float, size: float = 9, color=INK):
    """A plain string when it fits on one line in black, else a TextCell cut to fit a cell."""
    s = "" if text is None else str(text)
    if color is INK and "\n" not in s and _char_width(s, size) <= width - 2 * PAD:
        return s
    return fit(lambda x: TextCell([(x, size, color)]), s, width, S["cell"])


def titled_cell(title: str, detail: str, width: float):
    """A defect's title with its description below in small grey type, cut like `titled`."""
    if not detail:
        return plain_cell(title, width)
    head = fit(lambda x: TextCell([(x, 9, INK)]), title, width, S["cell"], CELL_HEIGHT / 2)
    head = head.parts[0][0]
    above = TextCell([(head, 9, INK)]).wrap(width - 2 * PAD, 1e9)[1]
    return fit(
        lambda d: TextCell([(head, 9, INK), (d, 7.5, GREY)]),
        detail,
        width,
        S["small"],
        reserve=above + S["cell"].leading,
    )
