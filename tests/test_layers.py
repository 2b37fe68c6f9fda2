"""Only inspect_app/ui may import Qt: the core must run, and be tested, without a window."""

import ast
import re
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


# The import graph, read from the source: every `import` and `from … import`, wherever it stands
# (an import inside a function is still a dependency), except under `if TYPE_CHECKING:`.


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(f): f for f in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.AST) -> set[int]:
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skip


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The inspect_app modules `name` imports (a name imported from a package counts as its
    submodule when there is one, else as the package itself)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [
                f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module
                for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import a.b.c` of a name inside a module
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_cycle_finder_finds_a_cycle_and_only_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set(), "c": {"b"}}) == []


def test_the_graph_sees_relative_function_level_and_package_imports():
    graph = import_graph()
    assert "inspect_app.store.store" in graph["inspect_app.store"]  # from .store import Store
    assert "inspect_app.core.i18n" in graph["inspect_app.sync.client"]  # from ..core.i18n …
    assert len(graph) > 100


def test_no_import_cycle_in_inspect_app():
    assert cycles(import_graph()) == []


def _crossings(graph: dict[str, set[str]], source: str, forbidden: tuple[str, ...]) -> list[str]:
    """Imports from package `source` into any of the `forbidden` packages."""
    prefix = f"inspect_app.{source}"
    return sorted(
        f"{m} -> {target}"
        for m, targets in graph.items()
        if m == prefix or m.startswith(prefix + ".")
        for target in targets
        if any(
            target == f"inspect_app.{f}" or target.startswith(f"inspect_app.{f}.")
            for f in forbidden
        )
    )


def test_sync_and_server_meet_only_in_the_wire_module():
    graph = import_graph()
    assert _crossings(graph, "sync", ("server", "cli", "ui")) == []
    assert _crossings(graph, "server", ("sync", "cli", "ui")) == []
    # The protocol depends on neither side, nor on the laptop's store.
    assert _crossings(graph, "wire", ("sync", "server", "store", "cli", "ui")) == []


def test_the_crossing_check_sees_a_crossing():
    graph = {"inspect_app.sync.x": {"inspect_app.server.service"}, "inspect_app.server": set()}
    assert _crossings(graph, "sync", ("server",)) == [
        "inspect_app.sync.x -> inspect_app.server.service"
    ]


# ----- ui/ reads and writes through store functions only ------------------------------------------

_SQL = re.compile(r"\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA\s)")
_DB_ATTRIBUTES = {"db", "conn", "execute", "executemany", "executescript", "query"}


def _sql_in(source: str, name: str) -> list[str]:
    """Where a module reaches the database itself: SQL text, or the connection and its calls."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("find", "count")
            and len(node.args) > 1
            and not (isinstance(node.args[1], ast.Constant) and node.args[1].value == "")
        ):  # a WHERE clause handed to Store.find / count: find_by or a store function instead
            found.append(f"{name}:{node.lineno} .{node.func.attr}(…, where)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _SQL.search(node.value):
                found.append(f"{name}:{node.lineno} SQL {node.value[:40]!r}")
        elif isinstance(node, ast.Attribute) and node.attr in _DB_ATTRIBUTES:
            found.append(f"{name}:{node.lineno} .{node.attr}")
    return found


def test_the_sql_detector_sees_each_way_in():
    snippets = [
        'rows = store.db.execute("SELECT id FROM defects")',
        "store.db['defects'].insert({})",
        "store.conn.cursor()",
        'x = f"UPDATE defects SET title = {t}"',
        'q = "DELETE FROM outbox"',
        'q = "INSERT INTO audit VALUES (1)"',
        'store.find(Building, "project_id = ?", [pid])',
        'self.store.count(Defect, f"status = {s!r}")',
    ]
    for code in snippets:
        assert _sql_in(code, "x.py"), code
    assert _sql_in('label = self.tr("删除")  # Select a row', "x.py") == []
    assert _sql_in('store.find_by(Building, project_id=pid, order_by="name")', "x.py") == []
    assert _sql_in('store.find(Project, order_by="name")', "x.py") == []


def test_no_sql_in_ui():
    leaks = [
        hit
        for f in sorted((PACKAGE / "ui").rglob("*.py"))
        for hit in _sql_in(f.read_text(encoding="utf-8"), str(f.relative_to(PACKAGE.parent)))
    ]
    assert leaks == []


def test_one_zh_en_picker():
    """Text is chosen by language in core/i18n.py only (pick, t, is_chinese); ui/i18n.py picks
    the Qt translation files. A copied `zh if lang == "zh" else en` elsewhere drifts."""
    allowed = {PACKAGE / "core" / "i18n.py", PACKAGE / "ui" / "i18n.py"}
    compares = re.compile(r"""[=!]=\s*["']zh["']|["']zh["']\s*[=!]=""")
    copies = [
        f"{f.relative_to(PACKAGE.parent)}:{n}"
        for f in sorted(PACKAGE.rglob("*.py"))
        if f not in allowed
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
        if compares.search(line)
    ]
    assert copies == []
