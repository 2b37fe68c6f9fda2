"""A drawn site plan (总平面图) for a demo community: roads, green, numbered buildings.

Real plans come from the design institute as PDF or scans; the demo draws a plausible one so
the site-plan view, its screenshots and its benchmark have something real to show.
"""

import io
import random
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from .paths import cjk_font

WIDTH, HEIGHT = 2000, 1400


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font()), size, index=0)


def draw_plan(name: str, buildings: int, seed: int = 0) -> bytes:
    """PNG bytes of a plan with `buildings` slab blocks laid out in rows along two roads."""
    rng = random.Random(seed)
    img = Image.new("RGB", (WIDTH, HEIGHT), (246, 244, 238))
    d = ImageDraw.Draw(img)
    font, small = _font(34), _font(24)

    d.rectangle([60, 60, WIDTH - 60, HEIGHT - 60], outline=(120, 120, 120), width=6)  # 用地红线
    road = (222, 222, 222)
    d.rectangle([60, 650, WIDTH - 60, 760], fill=road)  # main road, west-east
    d.rectangle([940, 60, 1050, HEIGHT - 60], fill=road)  # north-south
    for x0, y0, x1, y1 in ((120, 120, 420, 300), (1500, 900, 1880, 1180), (1110, 820, 1350, 980)):
        d.rounded_rectangle([x0, y0, x1, y1], radius=30, fill=(214, 232, 206))
    d.text((1170, 880), "绿地", fill=(90, 130, 80), font=small)

    slots = [(x, y) for y in (170, 420, 840, 1090) for x in (150, 520)] + [
        (x, y) for y in (170, 420, 840, 1090) for x in (1120, 1490)
    ]
    rng.shuffle(slots)
    for i, (x, y) in enumerate(sorted(slots[:buildings], key=lambda s: (s[1], s[0]))):
        w, h = 340 + rng.randint(-20, 20), 150
        d.rectangle([x, y, x + w, y + h], fill=(255, 255, 255), outline=(70, 80, 95), width=4)
        for k in range(1, 4):  # unit lines (单元)
            d.line([x + k * w // 4, y, x + k * w // 4, y + h], fill=(190, 195, 205), width=2)
        d.text((x + w // 2, y + h // 2), f"{i + 1}号楼", fill=(40, 50, 65), font=font, anchor="mm")

    d.text((100, HEIGHT - 130), f"{name} 总平面图", fill=(40, 50, 65), font=font)
    d.line([WIDTH - 420, HEIGHT - 100, WIDTH - 220, HEIGHT - 100], fill=(40, 50, 65), width=4)
    d.text((WIDTH - 320, HEIGHT - 90), "50 m", fill=(40, 50, 65), font=small, anchor="ma")
    d.polygon([(WIDTH - 130, 110), (WIDTH - 150, 170), (WIDTH - 110, 170)], fill=(40, 50, 65))
    d.text((WIDTH - 130, 180), "N", fill=(40, 50, 65), font=small, anchor="ma")
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)  # flat colours compress well even so
    return buf.getvalue()
