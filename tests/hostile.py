"""Hostile strings: text people really paste (Word, WeChat, spreadsheets) and text an attacker
would send. Kept here, fixed, so every export and report path is tried with the same list.

`ACCEPTED` must come back exactly as given; `NORMALISED` maps text to what the text policy
keeps (core/text.py); `REFUSED` must be refused with a message naming the field.
"""

from hypothesis import strategies as st

ACCEPTED: list[str] = [
    # plain and CJK
    "燃气立管锈蚀",
    "3号楼2单元501室 东侧外墙空鼓",
    "多行描述\n第二行\n\n第四行",
    "tab\tseparated\tvalues",
    "全角　空格（）【】「」〔〕《》",
    "𠀀𠮷𡈽 extension-B 汉字",
    "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
    # zero-width and bidi
    "zero\u200bwidth\u200cnon\u200djoiner",
    "\ufeffbyte order mark first",
    "word\u2060joiner",
    "soft\u00adhyphen",
    "\u202eright-to-left override\u202c",
    "\u200fمرحبا بالعالم\u200e",
    "עברית mixed with English",
    "\u2066isolate\u2069 \u2067rtl isolate\u2069 \u2068first strong\u2069",
    "‪‫‬‭‮",
    # emoji and sequences
    "👨‍👩‍👧‍👦 family",
    "🏳️‍🌈 flag sequence",
    "👍🏽 skin tone",
    "🇨🇳🇺🇸 regional indicators",
    "❤️ variation selector",
    "1️⃣ keycap",
    "🧑🏻‍🔧 mechanic with tone",
    # combining and odd scripts
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "é vs é (composed and decomposed)",
    "ﷺ ﷽",
    "Ω ≈ ç √ ∫ ˜ µ ≤ ≥ ÷",
    "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
    "(╯°□°）╯︵ ┻━┻",
    "˙ɐnbᴉlɐ ɐuƃɐɯ ǝɹolop",
    # markup-like
    "<script>alert('x')</script>",
    "<b>bold</b> & <i>italic</i> &amp; &lt;",
    '"><img src=x onerror=alert(1)>',
    "<![CDATA[x]]> <?xml version='1.0'?>",
    "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
    "[link](javascript:alert(1)) **bold** `code`",
    "=SUM(A1:A9)",
    "+cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "-2+3",
    "\\n is not a newline, \\u0000 is not NUL",
    "%s %d %x %n {0} {}",
    # SQL-like and FTS-like
    "'; DROP TABLE defects; --",
    "1' OR '1'='1",
    '" OR ""="',
    "Robert'); DROP TABLE students;--",
    "燃气 OR 排水 NOT 电气 NEAR(a b)",
    "title:* AND ^x",
    "'\"`; \\",
    # numbers that are not numbers
    "NaN",
    "Infinity",
    "-0",
    "1e309",
    "0x1F",
    "null",
    "None",
    "true",
    "00123",
    "1,234.50",
    "",
    " ",
    "   leading and trailing   ",
    # paths and urls
    "../../etc/passwd",
    "C:\\Windows\\System32",
    "file:///etc/passwd",
    "https://例子.测试/路径?q=燃气#frag",
    # long runs
    "长" * 200,
    "A" * 200,
    "😀" * 200,
    "e\u0301" * 100,
    ("燃气管道锈蚀，需更换。" * 1800)[:20_000],
]

# what the policy keeps of text it normalises
NORMALISED: dict[str, str] = {
    "Word\x0bShift+Enter": "Word\nShift+Enter",
    "page\x0cbreak": "page\nbreak",
    "windows\r\nline\r\nends": "windows\nline\nends",
    "old mac\rline": "old mac\nline",
    "next\x85line": "next\nline",
    "line\u2028separator\u2029paragraph": "line\nseparator\nparagraph",
    "bell\x07 and backspace\x08": "bell and backspace",
    "escape \x1b[31mred\x1b[0m": "escape [31mred[0m",
    "\x01\x02\x03\x04\x05\x06 start of heading": " start of heading",
    "unit\x1fseparator\x1erecord\x1dgroup\x1cfile": "unitseparatorrecordgroupfile",
    "shift\x0eout\x0fin": "shiftoutin",
    "delete\x7f": "delete",
    "c1 \x80\x9f controls": "c1  controls",
    "non\ufffecharacter\uffff": "noncharacter",
    "\x0b" * 300: "\n" * 300,
    "描述\x0b第二行\x07": "描述\n第二行",
}

# text a field refuses, with the reason the policy gives
REFUSED: dict[str, str] = {
    "NUL\x00byte": "nul",
    "\x00": "nul",
    "lone high \ud800 surrogate": "surrogate",
    "lone low \udfff surrogate": "surrogate",
    "reversed pair \udc00\ud800": "surrogate",
}


def too_long(limit: int) -> str:
    return "长" * (limit + 1)


# Hypothesis: text a person could type or paste, and the hostile kinds besides.
_controls = st.characters(min_codepoint=0, max_codepoint=0x1F)
_surrogates = st.characters(categories=["Cs"])
_marks = st.sampled_from(
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\ufeff", "\u2066", "\ufe0f"]
)
_emoji = st.sampled_from(["👨‍👩‍👧", "🏳️‍🌈", "👍🏽", "🇨🇳", "😀"])


def any_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Everything, including what the policy refuses (NUL, surrogates)."""
    return st.lists(
        st.one_of(
            st.characters(codec=None),
            _controls,
            _surrogates,
            _marks,
            _emoji,
            st.sampled_from(["\r\n", "\x0b", "\x0c", "\u2028"]),
        ),
        max_size=max_size,
    ).map("".join)


def storable_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text the policy accepts or normalises: no NUL, no lone surrogates."""
    return any_text(max_size).map(_drop_refused)


def _drop_refused(s: str) -> str:
    return "".join(c for c in s if c != "\x00" and not 0xD800 <= ord(c) <= 0xDFFF)
