"""Chinese-aware full-text search on SQLite FTS5.

FTS5's unicode61 tokenizer takes a run of Chinese characters as one token, so 燃气 would not
match 燃气管道隐患; trigram finds nothing under three characters. We index every CJK character
as its own token and search a query as a phrase of characters: 燃气 becomes the phrase "燃 气",
which matches exactly where the two characters stand side by side. Latin words and numbers keep
unicode61's ordinary word tokens (case-folded, diacritics removed).
"""

import re

# CJK Unified Ideographs (+ Extension A), compatibility ideographs, CJK punctuation, kana, full-width forms.
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"([{_CJK}])")
_TERM = re.compile(r'"([^"]*)"|(\S+)')


def segment(text: str) -> str:
    """Text as stored in the index: each CJK character stands alone."""
    return _CJK_CHAR.sub(r" \1 ", text or "")


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression finding rows that contain every term of `query`.

    Terms are separated by spaces; "quoted text" is one term. Each term must appear as written
    (a phrase); the last Latin word of a term also matches as a prefix. Returns None when the
    query holds nothing searchable.
    """
    phrases = []
    for quoted, bare in _TERM.findall(query or ""):
        term = quoted or bare
        tokens = [t for t in (re.sub(r"\W", "", t) for t in segment(term).split()) if t]
        if not tokens:
            continue
        phrase = '"' + " ".join(tokens) + '"'
        if not _CJK_CHAR.match(tokens[-1]):
            phrase += " *"
        phrases.append(phrase)
    return " AND ".join(phrases) if phrases else None
