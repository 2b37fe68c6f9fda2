"""The interface language: Simplified Chinese by default, English selectable.

Source strings in the code are Chinese; resources/translations/inspect_app_en.ts holds their
English (compiled to .qm). Qt's own strings come from its qtbase translations.
"""

import os
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ..core import i18n
from ..paths import resources_dir
from .qt_gaps import QtGaps

LANGUAGES = {"zh": "简体中文", "en": "English"}
SETTING = "ui/language"


def preferred_language(settings: QSettings, env: Mapping[str, str] | None = None) -> str:
    """The language the app starts in: INSPECT_LANG when set (zh or en), else the choice saved in
    Settings, else the system locale (LC_ALL, LC_MESSAGES, LANG; Chinese when it is Chinese, C
    or unset; English for any other language)."""
    env = os.environ if env is None else env
    explicit = env.get("INSPECT_LANG", "")
    if explicit in LANGUAGES:
        return explicit
    saved = settings.value(SETTING, "")
    if saved in LANGUAGES:
        return saved
    named = env.get("LC_ALL") or env.get("LC_MESSAGES") or env.get("LANG") or ""
    if named:
        return "zh" if named.startswith(("zh", "C", "POSIX")) else "en"
    system = QLocale.system()
    if system.language() in (
        QLocale.Language.Chinese,
        QLocale.Language.C,
        QLocale.Language.AnyLanguage,
    ):
        return "zh"
    return "en"


_INSTALLED: dict[int, list[QTranslator]] = {}  # per application: the translators it uses


def uninstall(app: QCoreApplication) -> None:
    """Take out the translators `install` put in (the source language, Chinese, remains)."""
    for old in _INSTALLED.pop(id(app), []):
        app.removeTranslator(old)


def install(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load the translations for `lang`; returns the translators (keep them alive)."""
    i18n.set_language(lang)
    uninstall(app)
    translators = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{'zh_CN' if lang == 'zh' else 'en'}", qt_dir):
        translators.append(qtbase)
    if lang == "zh":
        translators.append(QtGaps(app))  # the few dialog labels qtbase_zh_CN leaves in English
    if lang == "en":
        ours = QTranslator(app)
        if ours.load("inspect_app_en", str(resources_dir() / "translations")):
            translators.append(ours)
    for t in translators:
        app.installTranslator(t)
    _INSTALLED[id(app)] = translators
    QLocale.setDefault(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if lang == "zh"
        else QLocale(QLocale.Language.English)
    )
    return translators
