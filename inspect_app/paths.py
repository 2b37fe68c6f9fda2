"""Where the shipped data files live: beside the package in a checkout, or in a bundle."""

import sys
from pathlib import Path


def _base() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return _base() / "forms"


def resources_dir() -> Path:
    return _base() / "resources"


def cjk_font() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
