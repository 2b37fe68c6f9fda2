"""Loading checklist templates from files (the parsing itself is pure: core.templates)."""

from pathlib import Path

from . import standards
from .core.templates import Template, parse_template
from .errors import TemplateError
from .paths import forms_dir


def template_files(paths: list[Path] | None = None) -> list[Path]:
    """The template files named, folders expanded; all of forms/ when none are named."""
    paths = paths or [forms_dir()]
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.glob("*.yaml") if q.is_file()))
        else:
            out.append(p)
    return out


def load_file(path: Path) -> Template:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError([f"{path}: no such file"]) from None
    except UnicodeDecodeError as e:
        raise TemplateError([f"{path}: not UTF-8 text (byte {e.start})"]) from None
    except OSError as e:
        raise TemplateError([f"{path}: cannot read: {e.strerror}"]) from None
    return attach(parse_template(text, str(path)))


def attach(tpl: Template) -> Template:
    """Give a parsed template the standards tables its computed items use."""
    tpl.tables = standards.load()
    return tpl


def check(paths: list[Path] | None = None) -> tuple[list[Template], list[str]]:
    """Load every template; return those that loaded and one line per problem in the rest."""
    templates, problems = [], []
    seen: dict[tuple[str, int], str] = {}
    files = template_files(paths)
    if not files:
        problems.append(f"{', '.join(map(str, paths or [forms_dir()]))}: no template files found")
    for f in files:
        try:
            tpl = load_file(f)
        except TemplateError as e:
            problems.extend(e.problems)
            continue
        key = (tpl.id, tpl.version)
        if key in seen:
            problems.append(f"{f}: template {tpl.id} version {tpl.version} is also in {seen[key]}")
            continue
        seen[key] = str(f)
        templates.append(tpl)
    return templates, problems


def load_all() -> dict[str, Template]:
    """The newest version of every template in forms/, by id. Raises on any problem."""
    templates, problems = check()
    if problems:
        raise TemplateError(problems)
    newest: dict[str, Template] = {}
    for tpl in templates:
        if tpl.id not in newest or tpl.version > newest[tpl.id].version:
            newest[tpl.id] = tpl
    return newest
