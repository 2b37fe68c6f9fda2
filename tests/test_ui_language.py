import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from inspect_app.store import Store

from conftest import ROOT

TS = ROOT / "resources" / "translations" / "inspect_app_en.ts"


def test_every_interface_string_has_an_english_translation():
    tree = ET.parse(TS)
    unfinished = [
        m.find("source").text
        for m in tree.getroot().iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []


def test_compiled_translation_matches_its_source(tmp_path):
    out = tmp_path / "en.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([lrelease, TS, "-qm", out], check=True, capture_output=True)
    assert out.read_bytes() == TS.with_suffix(".qm").read_bytes()


@pytest.mark.parametrize(
    ("lang", "new", "sync"), [("zh", "新建检查", "同步"), ("en", "New inspection", "Sync")]
)
def test_main_window_speaks_the_chosen_language(qtbot, demo_profile, tmp_path, lang, new, sync):
    from inspect_app.ui import i18n
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    app = application()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(i18n.SETTING, lang)
    i18n.install(app, i18n.preferred_language(settings))
    try:
        with Store.open(demo_profile) as store:
            w = MainWindow(store, settings)
            qtbot.addWidget(w)
            assert w.actions_["new_inspection"].text() == new
            assert w.actions_["sync"].text() == sync
            stage = "施工" if lang == "zh" else "Construction"
            top = [w.navigator.index(r, 0).data() for r in range(w.navigator.rowCount())]
            assert any(f"·  {stage}  ·" in t for t in top)
    finally:
        i18n.install(app, "zh")


def test_language_defaults_to_chinese_without_a_choice(tmp_path):
    from inspect_app.ui import i18n

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.preferred_language(settings) == "zh"  # the test machine's locale is C/unset
