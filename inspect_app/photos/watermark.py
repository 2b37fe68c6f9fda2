"""The site-photo watermark (水印): project, location, time and inspector stamped on an exported
or printed copy, the way Chinese site-photo apps do it. Never applied to the stored original.
"""

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from ..core.i18n import t
from ..paths import cjk_font

TITLE_COLOR = (21, 101, 192)  # the blue header of a 工程记录 stamp
PANEL = (0, 0, 0, 150)


@dataclass(frozen=True)
class Watermark:
    project: str = ""
    location: str = ""
    time: str = ""  # as printed, e.g. 2026-11-25 10:31
    inspector: str = ""
    title: str = ""

    def lines(self) -> list[tuple[str, str]]:
        rows = [
            (t("工程名称", "Project"), self.project),
            (t("检查部位", "Location"), self.location),
            (t("拍摄时间", "Taken"), self.time),
            (t("检查人", "Inspector"), self.inspector),
        ]
        return [(k, v) for k, v in rows if v]

    def as_params(self) -> dict:
        return dict(self.__dict__)


def stamp(image: Image.Image, wm: Watermark) -> Image.Image:
    """A copy of `image` with the watermark panel in its lower-left corner."""
    out = image.convert("RGB")
    w, h = out.size
    size = max(12, round(min(w, h) * 0.034))
    font = ImageFont.truetype(str(cjk_font()), size)
    title_font = ImageFont.truetype(str(cjk_font()), round(size * 1.15))
    title = wm.title or t("工程记录", "Site record")
    sep = t("：", ": ")
    rows = [f"{k}{sep}{v}" for k, v in wm.lines()]
    pad, gap = round(size * 0.6), round(size * 0.35)
    probe = ImageDraw.Draw(out)
    text_w = max(
        [probe.textlength(r, font=font) for r in rows] + [probe.textlength(title, font=title_font)]
    )
    panel_w = min(w - 2 * pad, math.ceil(text_w) + 2 * pad)
    title_h = round(size * 1.15) + 2 * gap
    panel_h = title_h + len(rows) * (size + gap) + pad
    x0, y0 = pad, h - pad - panel_h
    layer = Image.new("RGBA", out.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle([x0, y0 + title_h, x0 + panel_w, y0 + panel_h], fill=PANEL)
    draw.rectangle([x0, y0, x0 + panel_w, y0 + title_h], fill=(*TITLE_COLOR, 230))
    draw.text((x0 + pad, y0 + gap), title, font=title_font, fill="white")
    y = y0 + title_h + gap
    for row in rows:
        draw.text((x0 + pad, y), _fit(draw, row, font, panel_w - 2 * pad), font=font, fill="white")
        y += size + gap
    out.paste(layer, mask=layer)
    return out


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> str:
    """Shorten a row that would run past the panel, ending it with an ellipsis."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"
