"""The application's own icons (resources/icons/*.svg) and its style sheet."""

from functools import cache

from PySide6.QtGui import QIcon

from ..paths import resources_dir

# Toolbar actions and the file each one's icon is drawn in.
ACTIONS = (
    "new-inspection",
    "add-defect",
    "import-photos",
    "sync",
    "print",
    "site-plan",
    "sign",
    "place-pin",
    "zoom-in",
    "zoom-out",
    "zoom-fit",
)


@cache
def icon(name: str) -> QIcon:
    """An icon by name (`app`, or one of ACTIONS); a missing file is a bug, not a blank."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(path)
    return QIcon(str(path))


def style_sheet() -> str:
    """The application style sheet (resources/style.qss), for QApplication.setStyleSheet."""
    return (resources_dir() / "style.qss").read_text(encoding="utf-8")
