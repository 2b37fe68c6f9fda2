"""The page every report shares, and the building blocks of Chinese forms: a ruled grid of
label/value cells, tables with a shaded head, signature blocks, photo grids, the QR code.

Every page carries the title, the project and the 编号 at the top, and 第 x 页 共 y 页, the
print time and the report id at the bottom. The page count is known only at the end, so the
canvas keeps each page's state and draws the footers when the document is saved.
"""

import re
from collections.abc import Sequence
from pathlib import Path

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..core.model import GUEST_ROLES, PARTY_NAMES
from .context import Ctx
from .fonts import FONT, register
from .longtable import StreamTable

INK = colors.black
SHADE = colors.HexColor("#eeeeee")
RED = colors.HexColor("#c62828")
GREY = colors.HexColor("#555555")
LINE = 0.6

# Metadata keys verify reads back (pypdf: reader.metadata["/Keywords"]).
ID_KEY, HASH_KEY = "inspect-report-id", "content-sha256"


def styles() -> dict[str, ParagraphStyle]:
    register()
    base = ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12.5, wordWrap="CJK")
    return {
        "cell": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=10, textColor=GREY),
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, alignment=TA_CENTER),
        "body": ParagraphStyle("body", parent=base, fontSize=10.5, leading=17, firstLineIndent=21),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=12, leading=18, spaceBefore=6, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "sub", parent=base, fontSize=11, leading=16, alignment=TA_CENTER
        ),
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
    }


S = styles()
# Text without Chinese wraps at spaces; CJK wrapping would break English words anywhere.
LATIN = {k: ParagraphStyle(f"{k}-latin", parent=v, wordWrap=None) for k, v in S.items()}
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def esc(text) -> str:
    """Text for a Paragraph: markup characters escaped, line breaks kept."""
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\n", "<br/>")


def P(text, style: str = "cell") -> Paragraph:
    text = esc(text)
    return Paragraph(text, S[style] if _wraps_as_cjk(text) else LATIN[style])


# In an English copy, a phrase with a few Chinese characters (a name, 建城规〔2023〕4号) still
# wraps at spaces: CJK wrapping would break its English words (JGJ 59-201/1).
_CJK_PHRASE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]{8,}")


def _wraps_as_cjk(text: str) -> bool:
    if _lang["value"] == "en":
        return bool(_CJK_PHRASE.search(text))
    return bool(_CJK.search(text))


PAD = 6  # reportlab's default cell padding, left and right


def cell(text, width: float, style: str = "cell"):
    """A plain string when it fits on one line, else a wrapping Paragraph. Strings are drawn
    directly: a 200-hazard report has thousands of cells, and Paragraphs made it 3× slower."""
    s = "" if text is None else str(text)
    if "\n" not in s and stringWidth(s, FONT, S[style].fontSize) <= width - 2 * PAD:
        return s
    return fit(lambda x: P(x, style), s, width, S[style])


# A table row cannot continue on the next page: a cell's text is cut to what fits in this many
# points (a landscape page's frame is 458 high), saying how long the whole text is.
CELL_HEIGHT = 300
_MORE = {
    "zh": "…（全文共 {n} 字，见系统记录）",
    "en": "… ({n} characters in all; the full text is in the record)",
}
_lang = {"value": "zh"}  # the language of the report being made (ReportDocument sets it)


def _surely_fits(text: str, avail: float, style: ParagraphStyle, height: float) -> bool:
    """Without laying it out: at most one em per character, and each word may start a line."""
    per_line = max(1, int(avail / (style.fontSize * 1.05)))
    lines = sum(max(1, -(-len(line) // per_line) + len(line.split())) for line in text.split("\n"))
    return lines * style.leading <= height


def fit(
    make,
    text: str,
    width: float,
    style: ParagraphStyle,
    height: float = CELL_HEIGHT,
    reserve: float = 0,
):
    """make(text), or make(the longest beginning of text that fits + how long the whole is)
    when the whole would be taller than `height` in a cell `width` wide. `reserve`: about how
    much of the height what `make` adds takes. Ordinary cells are never laid out twice."""
    avail = width - 2 * PAD
    if _surely_fits(text, avail, style, height - reserve):
        return make(text)
    # no beginning longer than this fits, even in the narrowest glyphs
    hi = min(len(text), int(avail / (style.fontSize * 0.2) * height / style.leading) + 1)
    if hi == len(text):
        whole = make(text)
        if whole.wrap(avail, 1e9)[1] <= height:
            return whole
        hi -= 1
    more = _MORE[_lang["value"]].format(n=len(text))
    lo = 0
    while lo < hi:  # the longest beginning that fits, with the note
        mid = (lo + hi + 1) // 2
        if make(text[:mid].rstrip() + more).wrap(avail, 1e9)[1] <= height:
            lo = mid
        else:
            hi = mid - 1
    return make(text[:lo].rstrip() + more)


def titled(title: str, detail: str = "", width: float = 200) -> Paragraph:
    """A defect's title with its description below in small grey type (cut to fit a cell)."""
    head = cell_paragraph(title, width, height=CELL_HEIGHT / 2 if detail else CELL_HEIGHT)
    if not detail:
        return head
    above = head.wrap(width - 2 * PAD, 1e9)[1]
    return fit(
        lambda d: Paragraph(
            f'{head.text}<br/><font size="7.5" color="#555555">{esc(d)}</font>', S["cell"]
        ),
        detail,
        width,
        S["small"],
        reserve=above + S["cell"].leading,
    )


def cell_paragraph(
    text: str, width: float, style: str = "cell", height: float = CELL_HEIGHT
) -> Paragraph:
    """Always a Paragraph (for cells that are styled), cut to fit like `cell`."""
    return fit(lambda x: P(x, style), text, width, S[style], height)


def red(text, style: str = "cell") -> Paragraph:
    return Paragraph(f'<font color="#c62828">{esc(text)}</font>', S[style])


class FormTable(Table):
    """A table whose plain-text cells use the embedded font too (reportlab's default for
    them is Helvetica, which would not be embedded)."""

    def __init__(self, data, **kw):
        super().__init__(data, **kw)
        if kw.get("cellStyles") is None:  # the pieces of a split table keep their cells' styles
            self.setStyle(
                TableStyle(
                    [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9)]
                )
            )


class ReportDocument(BaseDocTemplate):
    def __init__(self, path: Path, ctx: Ctx):
        register()
        _lang["value"] = ctx.lang
        size = landscape(A4) if ctx.landscape else A4
        super().__init__(
            str(path),
            pagesize=size,
            leftMargin=16 * mm,
            rightMargin=16 * mm,
            topMargin=24 * mm,
            bottomMargin=20 * mm,
            title=f"{ctx.title} {ctx.number}",
            author="inspect-app",
            creator="inspect-app",
            subject=ctx.project.name if ctx.project else ctx.title,
            keywords=[f"{ID_KEY}={ctx.report_id} {HASH_KEY}={ctx.content_hash}"],
            initialFontName=FONT,  # otherwise an unembedded Helvetica lands in every file
            lang=ctx.tr("zh-CN", "en"),
        )
        self.ctx = ctx
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._header)])

    def _header(self, canv: Canvas, doc) -> None:
        ctx, (w, h) = self.ctx, self.pagesize
        top = h - 14 * mm
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.setFillColor(GREY)
        canv.drawString(self.leftMargin, top, ctx.project.name if ctx.project else "")
        canv.drawCentredString(w / 2, top, ctx.title)
        # The 编号 is drawn with the footer: a form's own number is known once its page is laid.
        canv.setLineWidth(LINE)
        canv.setStrokeColor(INK)
        canv.line(self.leftMargin, top - 2.5 * mm, w - self.rightMargin, top - 2.5 * mm)
        canv.restoreState()

    def render(self, story: list) -> None:
        self.build(story, canvasmaker=_numbered_canvas(self.ctx, self))


def _numbered_canvas(ctx: Ctx, doc: ReportDocument):
    class NumberedCanvas(Canvas):
        """Keeps every page until the end, then writes 第 x 页 共 y 页 on each."""

        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's page reset

        def save(self):
            total = len(self._pages)
            for n, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._footer(n, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, n: int, total: int) -> None:
            w, h = doc.pagesize
            left, right = doc.leftMargin, w - doc.rightMargin
            y = 11 * mm
            number, draft = page_form(ctx, n)
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawRightString(right, h - 14 * mm, f"{ctx.tr('编号', 'No.')}: {number}")
            self.restoreState()
            if draft:
                _draft_mark(self, w, h, ctx)
            self.saveState()
            self.setLineWidth(LINE)
            self.line(left, y + 4 * mm, right, y + 4 * mm)
            self.setFont(FONT, 9)
            self.drawCentredString(
                w / 2, y, ctx.tr(f"第 {n} 页 共 {total} 页", f"Page {n} of {total}")
            )
            self.setFont(FONT, 7)
            self.setFillColor(GREY)
            printed = ctx.printed_local.strftime("%Y-%m-%d %H:%M")
            self.drawString(left, y, f"{ctx.tr('打印时间', 'Printed')}: {printed}")
            self.drawRightString(right, y, f"{ctx.tr('报告ID', 'Report ID')} {ctx.report_id}")
            self.restoreState()

    return NumberedCanvas


class FormMark(Flowable):
    """Takes no room: from the page it lands on, the page header shows this form's own 编号
    (a notice's, issued once) and, for a draft, 草稿 across the page."""

    def __init__(self, ctx: Ctx, number: str, draft: bool = False):
        super().__init__()
        self.ctx, self.number, self.draft = ctx, number, draft

    def wrap(self, avail_w, avail_h):
        return 0, 0

    def draw(self):
        self.ctx.page_forms[self.canv.getPageNumber()] = (self.number, self.draft)


def page_form(ctx: Ctx, page: int) -> tuple[str, bool]:
    """The 编号 and draft mark of a page: the last FormMark laid on or before it, else the
    report's own number (a whole-report draft when ctx.draft)."""
    marks = [p for p in ctx.page_forms if p <= page]
    if marks:
        return ctx.page_forms[max(marks)]
    return ctx.number, ctx.draft


def _draft_mark(canv: Canvas, w: float, h: float, ctx: Ctx) -> None:
    """草稿 (DRAFT) in large outlined grey letters across the page."""
    canv.saveState()
    canv.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
    canv.setStrokeColor(colors.Color(0.75, 0.1, 0.1, alpha=0.3))
    canv.translate(w / 2, h / 2)
    canv.rotate(35)
    size = 110
    canv.setFont(FONT, size)
    canv.drawCentredString(0, -size / 3, ctx.tr("草稿", "DRAFT"))
    canv.restoreState()


class Title(Flowable):
    """The form's title, large and centred, drawn with a thin outline so it reads as bold
    (the font has a single weight)."""

    def __init__(self, text: str, size: float = 20):
        super().__init__()
        self.text, self.size = text, size

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        return avail_w, self.size * 1.9

    def draw(self):
        c = self.canv
        c.saveState()
        t = c.beginText()
        t.setFont(FONT, self.size)
        t.setTextRenderMode(2)  # fill and stroke
        c.setLineWidth(self.size / 40)
        width = c.stringWidth(self.text, FONT, self.size)
        t.setTextOrigin((self.width - width) / 2, self.size * 0.55)
        t.textOut(self.text)
        c.drawText(t)
        c.restoreState()


def heading(text: str) -> Paragraph:
    return Paragraph(esc(text), S["h2"])


def grid(
    rows: Sequence[Sequence[tuple[str, object]]], width: float, label_w: float = 24 * mm
) -> Table:
    """A ruled form of label/value pairs: each row a list of (label, value); a row with one
    pair spans the full width."""
    cols = max(len(r) for r in rows)
    value_w = (width - cols * label_w) / cols
    widths = [label_w, value_w] * cols
    data: list[list] = []
    spans: list[tuple] = []
    for y, row in enumerate(rows):
        cells: list = []
        for i, (label, value) in enumerate(row):
            x = len(cells)
            spans.append(("BACKGROUND", (x, y), (x, y), SHADE))
            # The last value of a short row spans the rest of the line.
            span_w = (
                value_w + (cols - len(row)) * (label_w + value_w) if i == len(row) - 1 else value_w
            )
            cells += [
                cell(label, label_w, "label"),
                value if isinstance(value, Flowable) else cell(value, span_w),
            ]
        if len(row) < cols:
            spans.append(("SPAN", (len(cells) - 1, y), (2 * cols - 1, y)))
            cells += [""] * (2 * cols - len(cells))
        data.append(cells)
    t = FormTable(data, colWidths=widths)
    style: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), LINE, INK),
        ("BOX", (0, 0), (-1, -1), LINE * 2, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *[("ALIGN", (2 * c, 0), (2 * c, -1), "CENTER") for c in range(cols)],
        *spans,
    ]
    t.setStyle(TableStyle(style))
    return t


def table(header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float]) -> Flowable:
    """A ruled table with a shaded head row repeated on every page."""
    data = [[cell(h, w, "head") for h, w in zip(header, widths, strict=True)]]
    for r in rows:
        data.append(
            [
                c if isinstance(c, Flowable | list) else cell(c, w)
                for c, w in zip(r, widths, strict=True)
            ]
        )
    if len(data) > LONG_TABLE:
        return StreamTable(lambda d, h: _ruled(d, widths, h), data)
    return _ruled(data, widths)


# Beyond this many rows a table is measured once and cut into one table per page (longtable.py).
LONG_TABLE = 60


def _ruled(data: list, widths: Sequence[float], heights: list[float] | None = None) -> Table:
    t = FormTable(data, colWidths=list(widths), rowHeights=heights, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), LINE, INK),
                ("BOX", (0, 0), (-1, -1), LINE * 2, INK),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return t


def fit_widths(fractions: Sequence[float], width: float) -> list[float]:
    total = sum(fractions)
    return [width * f / total for f in fractions]


def photo_grid(
    ctx: Ctx, photos: Sequence[tuple[Path | str | None, str]], width: float, cols: int = 2
):
    """Photos two across with captions; a photo that could not be read says so in its cell."""
    if not photos:
        return P(ctx.tr("（无照片）", "(no photos)"), "small")
    cell_w = width / cols
    img_w, img_h = cell_w - 6 * mm, (cell_w - 6 * mm) * 0.75
    cells = []
    for path, caption in photos:
        body: Flowable
        if path is None:
            body = P(ctx.tr("照片文件缺失或已损坏", "photo missing or damaged"), "label")
        elif not path:  # a place kept for a photo not taken
            body = P("—", "label")
        else:
            body = Image(str(path), width=img_w, height=img_h, kind="proportional")
        cells.append([body, fit(lambda c: P(c, "small"), caption, cell_w, S["small"], 80)])
    rows = []
    for i in range(0, len(cells), cols):
        chunk = cells[i : i + cols]
        chunk += [["", ""]] * (cols - len(chunk))
        rows.append([FormTable([[c[0]], [c[1]]], colWidths=[cell_w - 4 * mm]) for c in chunk])
    t = FormTable(rows, colWidths=[cell_w] * cols)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), LINE, INK),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def signature_block(
    ctx: Ctx,
    parties: Sequence[tuple[str, str]],
    width: float,
    valid: dict[str, bool] | None = None,
    signatures: Sequence | None = None,
) -> Flowable:
    """Every signature a record holds, one row each: party or role, organization, the
    signature image, name (a guest says so), the local date and time in the project's zone,
    and whether it still holds (a void one names what changed since).

    `parties` is (role label, organization) for the rows a blank form would have: a signature
    whose signer_role matches the label, or whose organization matches, fills its row; a party
    nobody signed for keeps an empty row to sign by hand; signatures on no listed party get
    rows of their own. `signatures` defaults to every signature the report shows."""
    sigs = list(ctx.signatures if signatures is None else signatures)
    valid = ctx.valid_signatures() if valid is None else valid
    rows = []
    for role, orgs in parties:
        # A party of several organizations (contractors) signs once per organization.
        for org in [o for o in orgs.split("、") if o and o != "—"] or [""]:
            match = next(
                (
                    s
                    for s in sigs
                    if _same_role(s.signer_role, role) or (org and _org(ctx, s) == org)
                ),
                None,
            )
            if match:
                sigs.remove(match)
            rows.append(_sig_row(ctx, role, org, match, valid))
    rows += [_sig_row(ctx, _role_name(ctx, s.signer_role), _org(ctx, s), s, valid) for s in sigs]
    header = [
        ctx.tr("单位类别/身份", "Party / role"),
        ctx.tr("单位名称", "Organization"),
        ctx.tr("签字", "Signature"),
        ctx.tr("姓名", "Name"),
        ctx.tr("签字时间", "Signed at") + f"\n({ctx.zone_label})",
        ctx.tr("签名状态", "Status"),
    ]
    return table(header, rows, fit_widths([1.3, 2.0, 1.7, 1.0, 1.25, 1.45], width))


# A signer's role is stored as signed (建设单位, 居民代表 …); a form's rows are in its language.
_ROLES = {zh: en for zh, en in (*PARTY_NAMES.values(), *GUEST_ROLES)}


def _same_role(stored: str, label: str) -> bool:
    return stored == label or _ROLES.get(stored) == label


def _role_name(ctx: Ctx, stored: str) -> str:
    return ctx.tr(stored, _ROLES.get(stored, stored))


def _org(ctx: Ctx, sig) -> str:
    return ctx.org_name(sig.org_id) or ctx.user_org(sig.user_id)


def _sig_row(ctx: Ctx, role: str, org: str, sig, valid: dict[str, bool]) -> list:
    if sig is None:
        return [
            role,
            org,
            Spacer(1, 10 * mm),  # room to sign by hand
            "",
            ctx.tr("    年  月  日", ""),
            P(ctx.tr("未签字", "not signed"), "small"),
        ]
    image: Flowable
    if sig.image_sha256 and ctx.store.blobs and ctx.store.blobs.has(sig.image_sha256):
        path = ctx.store.blobs.path(sig.image_sha256)
        image = Image(str(path), width=30 * mm, height=12 * mm, kind="proportional")
    else:
        image = P(ctx.tr("（签名图像缺失）", "(image missing)"), "small")
    name: Flowable | list = P(sig.signer_name)
    if getattr(sig, "guest", False):
        name = [name, P(ctx.tr("无账号签字人", "guest, no account"), "small")]
    if valid.get(sig.id, False):
        mark = ctx.tr("电子签名有效", "signature valid")
        state = Paragraph(
            f'<font color="#2e7d32">{esc(mark)}</font><br/>'
            f'<font size="6.5">SHA-256 {sig.content_hash[:10]}…</font>',
            S["small"] if _CJK.search(mark) else LATIN["small"],
        )
    else:
        changed = ctx.signature_changes(sig)
        what = ctx.tr("签名后内容已更改，签名失效", "void: changed after signing")
        if changed:
            shown = ctx.tr("、", ", ").join(changed[:3]) + ("…" if len(changed) > 3 else "")
            what += ctx.tr(f"（{shown}）", f" ({shown})")
        state = Paragraph(f'<font color="#c62828">{esc(what)}</font>', S["small"])
    return [
        role,
        org or _org(ctx, sig),  # a party with no organization listed: the signer's own
        image,
        name,
        ctx.local_time(sig.signed_at),
        state,
    ]


class QRCode(Flowable):
    """The report id and content hash as a QR code, drawn as vector squares."""

    def __init__(self, data: str, size: float = 30 * mm):
        super().__init__()
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
        qr.add_data(data)
        qr.make(fit=True)
        self.matrix = qr.get_matrix()
        self.size = size

    def wrap(self, avail_w, avail_h):
        return self.size, self.size

    def draw(self):
        n = len(self.matrix)
        cell = self.size / n
        c = self.canv
        c.setFillColor(INK)
        for y, row in enumerate(self.matrix):
            for x, on in enumerate(row):
                if on:
                    c.rect(x * cell, self.size - (y + 1) * cell, cell, cell, stroke=0, fill=1)


def qr_payload(report_id: str, digest: str, base_url: str = "") -> str:
    """What the QR code holds: the central store's verification page for this document, the
    hash in the fragment (`<base>/v/<id>#<hash>`), once the laptop has learnt the public base
    URL from a sync; before that, the id and hash alone."""
    if base_url:
        return f"{base_url.rstrip('/')}/v/{report_id}#{digest}"
    return f"inspect-app:report:{report_id}:sha256:{digest}"


def integrity_block(ctx: Ctx, width: float) -> KeepTogether:
    """The report id, the SHA-256 it carries and the QR code holding both."""
    signed = bool(ctx.signed_keys)
    base = ctx.store.get_meta("sync.public_url") or ""
    what = (
        ctx.tr("所签署内容的 SHA-256", "SHA-256 of the signed content")
        if signed
        else ctx.tr("报告所含记录内容的 SHA-256", "SHA-256 of the records shown")
    )
    text = Paragraph(
        f"{esc(ctx.tr('防伪校验', 'Integrity'))}<br/>"
        f"{esc(ctx.tr('报告ID', 'Report ID'))}: {ctx.report_id}<br/>"
        f"{esc(what)}:<br/>SHA-256: {ctx.content_hash}<br/>"
        + esc(
            ctx.tr(
                "核验方法：手机扫描右侧二维码（扫码验真），或 inspect-app verify 本文件.pdf",
                "To check: scan the QR code with a phone, or inspect-app verify THIS.pdf",
            )
            if base
            else ctx.tr(
                "核验方法：inspect-app verify 本文件.pdf --data 数据目录",
                "To check: inspect-app verify THIS.pdf --data DIR",
            )
        ),
        S["small"],
    )
    qr = QRCode(qr_payload(ctx.report_id, ctx.content_hash, base))
    t = FormTable([[text, qr]], colWidths=[width - 36 * mm, 36 * mm])
    t.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), LINE, INK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ]
        )
    )
    return KeepTogether([Spacer(1, 4 * mm), t])
