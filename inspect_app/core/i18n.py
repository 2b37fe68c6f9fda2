"""Language choice for text produced outside Qt (CLI messages, reports, errors).

Chinese first: zh unless the environment asks for English (INSPECT_LANG=en, or a LANG/LC_ALL
that names another language). The Qt layer uses its own translation files.
"""

import os
from typing import TypeVar

_T = TypeVar("_T")

_lang: str | None = None


def current() -> str:
    global _lang
    if _lang is None:
        _lang = _from_env()
    return _lang


def set_language(lang: str) -> None:
    global _lang
    if lang not in ("zh", "en"):
        raise ValueError(f"unsupported language {lang!r} (zh or en)")
    _lang = lang


def _from_env() -> str:
    explicit = os.environ.get("INSPECT_LANG", "")
    if explicit in ("zh", "en"):
        return explicit
    locale = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    if not locale or locale.startswith(("zh", "C", "POSIX")):
        return "zh"
    return "en"


def is_chinese(lang: str | None = None) -> bool:
    """Whether `lang` (the current language by default) is Chinese."""
    return (lang or current()) == "zh"


def pick(zh: _T, en: _T, lang: str | None = None) -> _T:
    """The text for `lang` (the current language by default): the one zh/en choice that the
    CLI, the reports (in the language asked for) and the window's non-Qt text all use."""
    return zh if is_chinese(lang) else en


def t(zh: str, en: str) -> str:
    """Pick the text for the current language."""
    return pick(zh, en)


def label(text) -> str:
    """A bilingual label ({'zh': …, 'en': …} or an object with .zh/.en) in the current
    language, falling back to Chinese."""
    if text is None or isinstance(text, str):
        return text or ""
    if not isinstance(text, dict):
        text = {"zh": text.zh, "en": text.en}
    return text.get(current()) or text.get("zh") or ""
