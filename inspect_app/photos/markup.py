"""Vector markup drawn over a photo. The original is never changed: markup is stored as data
(Photo.annotations) and drawn onto display copies, exports and printed images.

An annotation is a dict:
    {"kind": "arrow" | "circle" | "rect" | "freehand" | "text",
     "points": [[x, y], ...],   # 0..1 of the displayed image's width and height
     "color": "#e53935",        # optional, default red
     "width": 0.006,            # optional, stroke width as a fraction of the longer side
     "text": "..."}             # for kind "text": drawn at points[0]
arrow: tail to head (2 points); circle and rect: two opposite corners of the bounding box;
freehand: any number of points.
"""

import math
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ..paths import cjk_font

KINDS = ("arrow", "circle", "rect", "freehand", "text")
DEFAULT_COLOR = "#e53935"


class MarkupError(ValueError):
    pass


def validate(annotations: Any) -> list[dict]:
    """Check markup data; raise MarkupError naming the first bad annotation."""
    if not isinstance(annotations, list):
        raise MarkupError("markup must be a list of annotations")
    for i, a in enumerate(annotations):
        if not isinstance(a, dict) or a.get("kind") not in KINDS:
            raise MarkupError(f"annotation {i}: kind must be one of {', '.join(KINDS)}")
        pts = a.get("points")
        need = 1 if a["kind"] == "text" else 2
        if (
            not isinstance(pts, list)
            or len(pts) < need
            or not all(
                isinstance(p, list | tuple)
                and len(p) == 2
                and all(isinstance(c, int | float) and -0.5 <= c <= 1.5 for c in p)
                for p in pts
            )
        ):
            raise MarkupError(f"annotation {i}: needs {need}+ points of two numbers in 0..1")
        if a["kind"] == "text" and not isinstance(a.get("text"), str):
            raise MarkupError(f"annotation {i}: a text annotation needs its text")
    return annotations


def draw_annotations(image: Image.Image, annotations: list[dict]) -> Image.Image:
    """A copy of `image` (as displayed) with the markup drawn over it."""
    out = image.convert("RGB") if image.mode != "RGB" else image.copy()
    if not annotations:
        return out
    w, h = out.size
    side = max(w, h)
    draw = ImageDraw.Draw(out)
    for a in annotations:
        color = a.get("color") or DEFAULT_COLOR
        width = max(2, round(float(a.get("width") or 0.006) * side))
        pts = [(x * w, y * h) for x, y in a["points"]]
        kind = a["kind"]
        if kind == "rect":
            draw.rectangle(_box(pts), outline=color, width=width)
        elif kind == "circle":
            draw.ellipse(_box(pts), outline=color, width=width)
        elif kind == "freehand":
            draw.line(pts, fill=color, width=width, joint="curve")
        elif kind == "arrow":
            (x0, y0), (x1, y1) = pts[0], pts[-1]
            draw.line([(x0, y0), (x1, y1)], fill=color, width=width)
            angle = math.atan2(y1 - y0, x1 - x0)
            head = width * 5
            left = (x1 - head * math.cos(angle - 0.45), y1 - head * math.sin(angle - 0.45))
            right = (x1 - head * math.cos(angle + 0.45), y1 - head * math.sin(angle + 0.45))
            draw.polygon([(x1, y1), left, right], fill=color)
        elif kind == "text":
            size = max(12, round(side * 0.035))
            font = ImageFont.truetype(str(cjk_font()), size)
            x, y = pts[0]
            draw.text(
                (x, y),
                a["text"],
                font=font,
                fill=color,
                stroke_width=max(1, size // 12),
                stroke_fill="white",
            )
    return out


def _box(pts: list[tuple[float, float]]) -> list[float]:
    (x0, y0), (x1, y1) = pts[0], pts[1]
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
