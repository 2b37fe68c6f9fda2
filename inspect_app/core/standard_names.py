"""Standard and regulation names as an English copy prints them.

Checklists, standards tables and defects cite standards in Chinese (《城镇排水管道检测与评估技术
规程》CJJ 181-2012, 国务院令第279号 第四十条); an English copy names them in English, keeping
the code (CJJ 181-2012) and a document number it has no English for (建城规〔2023〕4号)."""

import re

from .i18n import is_chinese

NAMES = {
    "城镇排水管道检测与评估技术规程": "Technical Specification for Inspection and Evaluation of Urban Sewer",
    "建筑施工安全检查标准": "Standard for Construction Safety Inspection",
    "建筑工程施工质量验收统一标准": "Unified Standard for Constructional Quality Acceptance of Building Engineering",
    "家用燃气燃烧器具安全管理规则": "Safety Management Rules for Domestic Gas Burning Appliances",
    "建设工程质量管理条例": "Regulations on the Quality Management of Construction Projects",
    "城镇燃气经营安全重大隐患判定标准": "Criteria for Major Hazards in Urban Gas Operation",
    "建设工程监理规范": "Code of Construction Project Management",
    "燃气工程项目规范": "Project Code for Gas Engineering",
    "施工现场临时用电安全技术规范": "Technical Code for Safety of Temporary Electrification on Construction Site",
}  # fmt: skip

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(zh: str) -> int | None:
    """一 … 九十九 as an int (article numbers)."""
    if not zh or any(c not in _DIGITS and c != "十" for c in zh):
        return None
    if "十" not in zh:
        return _DIGITS[zh] if len(zh) == 1 else None
    tens, _, ones = zh.partition("十")
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)


def _article(m: re.Match) -> str:
    n = _number(m.group(1))
    return f" art. {n}" if n is not None else m.group(0)


def standard_text(text: str, lang: str = "") -> str:
    """`text` (a citation) in `lang`: unchanged in Chinese; in English the standard's name in
    English, 国务院令第N号 as State Council Decree No. N, 第N条 as art. N."""
    if not text or is_chinese(lang):
        return text or ""
    out = re.sub(r"《([^》]+)》", lambda m: NAMES.get(m.group(1), m.group(1)) + " ", text)
    for zh, en in NAMES.items():
        out = out.replace(zh, en)
    out = re.sub(r"国务院令第(\d+)号", r"State Council Decree No. \1", out)
    out = re.sub(r"第([零一二三四五六七八九十]+)条", _article, out)
    out = out.replace("附录", "Appendix ")
    return re.sub(r"\s+", " ", out).strip()
