"""Only inspect_app/ui may import Qt: the core must run, and be tested, without a window."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "inspect_app"
QT_FREE = ("core", "store", "photos", "sync", "server", "reports")


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        found += [
            f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {n}"
            for n in names
            if n.split(".")[0] in ("PySide6", "shiboken6")
        ]
    return found


def test_no_qt_import_outside_ui():
    leaks = [
        hit for layer in QT_FREE for f in (PACKAGE / layer).rglob("*.py") for hit in _qt_imports(f)
    ]
    assert leaks == []


def test_importing_every_headless_layer_loads_no_qt():
    modules = [
        *sorted(
            ".".join(f.relative_to(PACKAGE.parent).with_suffix("").parts)
            for layer in QT_FREE
            for f in (PACKAGE / layer).rglob("*.py")
        ),
        "inspect_app.cli",
        "inspect_app.demo",
        "inspect_app.forms",
    ]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
