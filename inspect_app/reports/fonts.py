"""The one font every report uses: WenQuanYi Micro Hei, embedded and subset.

reportlab embeds TrueType outlines only (Noto CJK is CFF and fails), and its built-in
STSong-Light is not embedded and prints blank where the Adobe language pack is missing. A
canvas also writes its initial font, Helvetica, unembedded into every file unless told
otherwise: documents pass FONT as `initialFontName` so every font in the file is embedded.
"""

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import cjk_font

FONT = "WQY"

# Pure-Python ASCII85 made a 100-photo report take 84 s; binary streams take under 2 s.
rl_config.useA85 = 0


def register() -> str:
    """Register the bundled font once; return its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(cjk_font()), subfontIndex=0))
        # Paragraph markup (<b>, <i>) maps to the same face: there is only one.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT
