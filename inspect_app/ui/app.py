"""Starting the desktop app: QApplication, bundled font, the main window."""

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import logs
from ..errors import InspectError
from ..paths import cjk_font
from ..store import Store
from .i18n import install as install_translators
from .i18n import preferred_language
from .icons import icon, style_sheet
from .messages import install_exception_hook
from .screen_fit import install as install_screen_fit

APP_NAME = "inspect-app"


def application() -> QApplication:
    """The QApplication, set up once: names, the bundled CJK font as the default font."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    font_id = QFontDatabase.addApplicationFont(str(cjk_font()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(families[0])
        font.setPointSize(10)
        app.setFont(font)
    if not app.styleSheet():
        # Once: setting it again repolishes every live widget (and re-queries their models).
        app.setStyleSheet(style_sheet())
    app.setWindowIcon(icon("app"))
    install_screen_fit(app)  # no window opens larger than its screen
    return app


def run_app(data_dir: Path, smoke_test: bool = False) -> int:
    from .main_window import MainWindow

    app = application()
    try:
        store = Store.open(data_dir, create=True)
    except InspectError as e:
        if smoke_test:
            print(f"inspect-app: {e}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "inspect-app", str(e))
        return 1
    settings = QSettings()
    install_translators(app, preferred_language(settings))
    logs.configure_profile(data_dir)
    install_exception_hook(logs.log_dir(data_dir))
    window = MainWindow(store, settings)
    window.show()
    if smoke_test:
        # Exit once the event loop has drained everything queued by start-up.
        QTimer.singleShot(0, lambda: app.exit(0))
    code = app.exec()
    store.close()
    return code
