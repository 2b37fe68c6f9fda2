import os
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
    i18n.install(app, i18n.preferred_language(settings, env={}))
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
    assert i18n.preferred_language(settings, env={}) == "zh"  # the test machine's locale is C
    assert i18n.preferred_language(settings, env={"LANG": "C.UTF-8"}) == "zh"


def test_inspect_lang_and_the_system_locale_pick_the_language_at_start(tmp_path):
    from inspect_app.ui import i18n

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.preferred_language(settings, env={"LANG": "en_GB.UTF-8"}) == "en"
    assert i18n.preferred_language(settings, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US"}) == "zh"
    settings.setValue(i18n.SETTING, "zh")  # chosen in Settings: beats the locale
    assert i18n.preferred_language(settings, env={"LANG": "en_US.UTF-8"}) == "zh"
    # INSPECT_LANG beats both: one start in the other language without touching Settings.
    assert i18n.preferred_language(settings, env={"INSPECT_LANG": "en"}) == "en"
    settings.setValue(i18n.SETTING, "en")
    assert i18n.preferred_language(settings, env={"INSPECT_LANG": "zh", "LANG": "en_US"}) == "zh"
    assert i18n.preferred_language(settings, env={"INSPECT_LANG": "fr"}) == "en"  # saved


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inspect_lang_starts_the_real_app_in_that_language(tmp_path, lang):
    """`INSPECT_LANG=en inspect-app` (no Settings saved): the window's actions speak English."""
    code = (
        "import sys; from pathlib import Path\n"
        "from PySide6.QtCore import QSettings\n"
        "from inspect_app.ui import app as a\n"
        "import inspect_app.ui.main_window as mw\n"
        "shown = []\n"
        "class W(mw.MainWindow):\n"
        "    def show(self):\n"
        "        shown.append(self.actions_['sync'].text()); super().show()\n"
        "mw.MainWindow = W\n"
        "code = a.run_app(Path(sys.argv[1]), smoke_test=True)\n"
        "print(shown[0]); sys.exit(code)\n"
    )
    env = {**os.environ, "INSPECT_LANG": lang, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "HOME": str(tmp_path), "LANG": "en_US.UTF-8" if lang == "zh" else "zh_CN.UTF-8"}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "profile")],
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == ("同步" if lang == "zh" else "Sync")


def test_qt_file_dialog_speaks_chinese(qtbot):
    """qtbase_zh_CN leaves "&Look in:" and "Files of &type:" in English; ours fill the gap."""
    import re

    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    from inspect_app.ui import i18n
    from inspect_app.ui.app import application

    app = application()
    i18n.install(app, "zh")
    try:
        d = QFileDialog(None, "照片")
        d.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(d)
        d.show()
        texts = [w.text() for w in d.findChildren(QLabel) + d.findChildren(QPushButton)]
        english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t.replace("&", ""))]
        assert english == [] and "查找范围(&L)：" in texts and "打开(&O)" in texts
    finally:
        i18n.install(app, "zh")
