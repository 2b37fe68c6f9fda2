"""F1 lists every shortcut the window answers to, read from its actions."""

import shutil

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from inspect_app.store import Store


def test_f1_lists_every_action_shortcut_in_the_window(qtbot, demo_profile, tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    application()
    shutil.copytree(demo_profile, tmp_path / "p")
    with Store.open(tmp_path / "p") as store:
        w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        w.show()
        w.actions_["help"].trigger()  # F1
        assert w.help.isVisible()
        listed = {k for k, _ in w.help.rows}
        for keys in ("Ctrl+L", "Ctrl+G", "Ctrl+2", "Ctrl+Shift+S", "Ctrl+,", "Ctrl+N", "F5"):
            assert keys in listed, keys
        every = {
            a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            for a in w.findChildren(QAction)
            if a.shortcuts()
        }
        assert every <= listed
        shown = {label.text() for label in w.help.findChildren(QLabel)}
        assert "Ctrl+Shift+S" in shown and w.actions_["sign"].text() in shown
        assert w.help.panel.sizeHint().height() <= 728  # fits the laptop's window
        qtbot.keyClick(w.help, Qt.Key.Key_Escape)
        assert not w.help.isVisible()
        w.close()
