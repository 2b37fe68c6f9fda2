"""Checklist templates: the schema, parsing with line numbers, and validation.

A template is a YAML document that a domain expert edits by hand (see forms/README.md and the
published JSON Schema in forms/schema.json). Parsing is all-or-nothing: a template either loads
completely or raises `TemplateError` listing every problem as `file:line: where: what`.
"""

import hashlib
import re
from functools import lru_cache
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..errors import TemplateError
from .answers import FAIL as FAIL
from .answers import FAILING as FAILING
from .answers import NA as NA
from .answers import PASS as PASS
from .answers import is_empty as is_empty
from .compute import known_computation
from .model import InspectionKind, Severity, Stage

# The answer values (answers.py) are named here too (`X as X`), for the modules that read them
# with the template types.

ITEM_TYPES = (
    "pass_fail",  # 合格 / 不合格 / 不适用
    "choice",
    "number",
    "text",
    "date",
    "photo",  # a photo is required as the answer
    "signature",
    "location",
    "computed",  # derived from other answers by a named computation (core/compute.py)
    "table",  # rows of cells, one column per `columns` entry (e.g. defects along a pipe)
    "score",  # a scored check (JGJ 59 style): the answer is the deduction, or "na"
)
COLUMN_TYPES = ("text", "number", "choice", "date", "pass_fail")
# libyaml when present: the same safe loading, with line marks, about ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = r"^[a-z][a-z0-9_]*$"


def _label(value: Any) -> Any:
    return {"zh": value} if isinstance(value, str) else value


class Label(BaseModel):
    """Bilingual text: Chinese first and required, English second."""

    model_config = ConfigDict(extra="forbid")
    zh: str = Field(min_length=1)
    en: str = ""


LabelField = Annotated[Label, BeforeValidator(_label)]


class Condition(BaseModel):
    """Show an item only when another item's answer matches."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    item: str
    equals: Any = None
    not_equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    answered: bool | None = None

    def holds(self, answers: dict[str, Any]) -> bool:
        value = answers.get(self.item)
        if self.answered is not None and (value not in (None, "")) != self.answered:
            return False
        if self.equals is not None and value != self.equals:
            return False
        if self.not_equals is not None and value == self.not_equals:
            return False
        return self.in_ is None or value in self.in_


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str = Field(pattern=r"^[A-Za-z0-9_\-.]+$")
    label: LabelField
    fails: bool = False  # choosing this option counts as a failed item


class DefectRule(BaseModel):
    """When an answer fails, raise a defect with these properties (once per item)."""

    model_config = ConfigDict(extra="forbid")
    category: str = Field(min_length=1)
    severity: Severity | None = None  # default: the item's severity
    title: LabelField | None = None  # default: the item's label
    major_hazard: bool = False  # meets a 重大隐患 criterion (建城规〔2023〕4号)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=_ID)
    type: Literal[ITEM_TYPES]  # type: ignore[valid-type]
    label: LabelField
    help: LabelField | None = None
    required: bool = False
    show_if: list[Condition] = Field(default_factory=list)  # all must hold
    severity: Severity = Severity.MINOR
    defect: DefectRule | None = None
    weight: float = Field(default=1.0, ge=0)
    photo_on_fail: bool = False  # a failed answer needs a photo as evidence
    options: list[Option] = Field(default_factory=list)  # choice
    multiple: bool = False  # choice: several options may be picked
    unit: str = ""  # number
    min: float | None = None  # number: below is a failed answer
    max: float | None = None  # number: above is a failed answer
    compute: str = ""  # computed: the name of a computation in core.compute, e.g. drainage.F
    inputs: dict[str, str] = Field(default_factory=dict)  # computed: input name -> item id
    fail_values: list[Any] = Field(default_factory=list)  # computed: values that fail the item
    columns: list["Item"] = Field(default_factory=list)  # table: the columns of a row
    full: float | None = Field(default=None, gt=0)  # score: the full score (应得分)
    guaranteed: bool = False  # score: a guaranteed item (保证项目)
    control: Literal["", "main", "general"] = ""  # spot check: 主控项目 / 一般项目
    standard: str = ""  # clause of the standard the item checks, e.g. 建城规〔2023〕4号 第六条

    def fails(self, answer: Any) -> bool:
        """Whether this answer counts as a failed check."""
        if answer in (None, "", []):
            return False
        if self.type == "computed":
            if self.fail_values and answer in self.fail_values:
                return True
            if isinstance(answer, bool) or not isinstance(answer, int | float):
                return False
            return (self.min is not None and answer < self.min) or (
                self.max is not None and answer > self.max
            )
        if self.type == "score":
            return answer != NA and _number(answer) not in (None, 0)
        if self.type == "pass_fail":
            return answer == FAIL
        if self.type == "choice":
            picked = answer if isinstance(answer, list) else [answer]
            return any(o.fails for o in self.options if o.value in picked)
        if self.type == "number":
            try:
                x = float(answer)
            except (TypeError, ValueError):
                return False
            return (self.min is not None and x < self.min) or (
                self.max is not None and x > self.max
            )
        return False


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=_ID)
    title: LabelField
    weight: float = Field(default=1.0, ge=0)
    show_if: list[Condition] = Field(default_factory=list)
    help: LabelField | None = None
    # A repeating group: its answers are a list of entries, one dict per entry (e.g. a
    # manhole-to-manhole segment, a sampled unit, a facility handed over).
    repeat: bool = False
    entry_label: str = ""  # repeat: the item whose answer names an entry (e.g. segment_id)
    min_entries: int = Field(default=0, ge=0)
    score_table: str = ""  # a scored sub-table (JGJ 59): its key in the standard's weights
    items: list[Item] = Field(min_length=1)


class StandardRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str  # 《城镇燃气经营安全重大隐患判定标准》
    code: str = ""  # 建城规〔2023〕4号
    edition: str = ""


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    version: int = Field(ge=1)
    title: LabelField
    kind: InspectionKind
    stages: list[Stage] = Field(default_factory=list)  # lifecycle stages it fits; empty: any
    description: LabelField | None = None
    standards: list[StandardRef] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)

    # Filled in by parse_template, not part of the file.
    content_hash: str = Field(default="", exclude=True)
    source: str = Field(default="", exclude=True)
    text: str = Field(default="", exclude=True)  # the file's text, kept in TemplateSnapshot
    tables: Any = Field(default=None, exclude=True)  # core.standards.Standards, when attached

    def items(self) -> list[Item]:
        return [i for s in self.sections for i in s.items]

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def section_of(self, item_id: str) -> Section:
        for s in self.sections:
            if any(i.id == item_id for i in s.items):
                return s
        raise KeyError(item_id)

    def item(self, item_id: str) -> Item:
        for i in self.items():
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def visible_items(self, answers: dict[str, Any]) -> list[Item]:
        out: list[Item] = []
        for s in self.sections:
            if all(c.holds(answers) for c in s.show_if):
                out.extend(i for i in s.items if all(c.holds(answers) for c in i.show_if))
        return out


def schema() -> dict:
    """The published JSON Schema of the template format."""
    return Template.model_json_schema(mode="validation")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=64)
def parse_template(text: str, source: str = "<template>") -> Template:
    """Parse and validate a template; raise TemplateError with every problem found.

    The result is cached by text and source: treat it as read-only."""
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise TemplateError([f"{source}{line}: YAML syntax error: {problem}"]) from None
    if not isinstance(data, dict):
        raise TemplateError([f"{source}:1: the template must be a mapping with id, version, …"])
    try:
        tpl = Template.model_validate(data)
    except ValidationError as e:
        root = yaml.compose(text, Loader=_LOADER)  # only now: for the line numbers
        raise TemplateError(
            [_describe(source, root, data, err["loc"], err["msg"]) for err in e.errors()]
        ) from None
    problems = _check_references(tpl)
    item_ids = {i.id for i in tpl.items()}
    for si, section in enumerate(tpl.sections):
        if section.repeat and section.id in item_ids:
            # a repeating section's answers are stored under its id, beside the items'
            problems.append(
                (("sections", si, "id"), f"repeating section {section.id!r} has the id of an item")
            )
    if problems:
        root = yaml.compose(text, Loader=_LOADER)  # only now: for the line numbers
        raise TemplateError([_describe(source, root, data, loc, msg) for loc, msg in problems])
    tpl.content_hash = content_hash(text)
    tpl.source = source
    tpl.text = text
    return tpl


def _check_references(tpl: Template) -> list[tuple[tuple, str]]:
    """Rules the schema alone cannot express."""
    problems: list[tuple[tuple, str]] = []
    seen: dict[str, Item] = {}
    section_ids: set[str] = set()
    loc: tuple  # where a problem is, as a path into the document
    for si, section in enumerate(tpl.sections):
        if section.id in section_ids:
            problems.append((("sections", si, "id"), f"duplicate section id {section.id!r}"))
        section_ids.add(section.id)
        if section.entry_label and section.entry_label not in {i.id for i in section.items}:
            loc = ("sections", si, "entry_label")
            problems.append((loc, f"entry_label {section.entry_label!r} is not an item here"))
        if (section.entry_label or section.min_entries) and not section.repeat:
            problems.append((("sections", si, "repeat"), "entry_label/min_entries need repeat"))
        for ci, cond in enumerate(section.show_if):
            if cond.item not in seen:
                loc = ("sections", si, "show_if", ci, "item")
                problems.append((loc, f"show_if refers to {cond.item!r}, not an earlier item"))
        for ii, item in enumerate(section.items):
            at = ("sections", si, "items", ii)
            if item.id in seen:
                problems.append(((*at, "id"), f"duplicate item id {item.id!r}"))
            for ci, cond in enumerate(item.show_if):
                if cond.item not in seen:
                    loc = (*at, "show_if", ci, "item")
                    problems.append((loc, f"show_if refers to {cond.item!r}, not an earlier item"))
            if item.type == "choice" and len(item.options) < 2:
                problems.append(((*at, "options"), "a choice item needs at least two options"))
            if item.type != "choice" and item.options:
                problems.append(((*at, "options"), f"options given for a {item.type} item"))
            if item.type == "choice" and len({o.value for o in item.options}) != len(item.options):
                problems.append(((*at, "options"), "option values must be unique"))
            if item.min is not None and item.max is not None and item.min > item.max:
                problems.append(((*at, "min"), f"min {item.min} is greater than max {item.max}"))
            if item.type not in ("number", "computed") and (
                item.min is not None or item.max is not None
            ):
                problems.append(((*at, "min"), f"min/max given for a {item.type} item"))
            problems.extend(_check_item(item, at, section))
            if item.defect and item.type not in FAILING:
                problems.append(((*at, "defect"), f"a {item.type} item cannot fail"))
            if item.photo_on_fail and item.type not in FAILING:
                problems.append(((*at, "photo_on_fail"), f"a {item.type} item cannot fail"))
            seen[item.id] = item
    return problems


def _check_item(item: Item, at: tuple, section: Section) -> list[tuple[tuple, str]]:
    """Rules for the fields that belong to one item type."""
    out: list[tuple[tuple, str]] = []
    if item.type == "computed":
        if not item.compute:
            out.append(((*at, "compute"), "a computed item must name its computation"))
        elif isinstance(why := known_computation(item.compute), str):
            out.append(((*at, "compute"), why))
        if item.required:
            out.append(((*at, "required"), "a computed item is never answered: not required"))
    else:
        for name in ("compute", "inputs", "fail_values"):
            if getattr(item, name):
                out.append(((*at, name), f"{name} given for a {item.type} item"))
    if item.type == "table":
        if not item.columns:
            out.append(((*at, "columns"), "a table item needs columns"))
        ids = [c.id for c in item.columns]
        if len(set(ids)) != len(ids):
            out.append(((*at, "columns"), "column ids must be unique"))
        for ci, col in enumerate(item.columns):
            if col.type not in COLUMN_TYPES:
                out.append(((*at, "columns", ci, "type"), f"a column cannot be {col.type}"))
            if col.type == "choice" and len(col.options) < 2:
                out.append(((*at, "columns", ci, "options"), "a choice needs two options"))
    elif item.columns:
        out.append(((*at, "columns"), f"columns given for a {item.type} item"))
    if item.type == "score":
        if item.full is None:
            out.append(((*at, "full"), "a score item needs its full score"))
        if not section.score_table:
            out.append(((*at, "type"), "score items belong in a section with score_table"))
    elif item.full is not None or item.guaranteed:
        out.append(((*at, "full"), f"full/guaranteed given for a {item.type} item"))
    if item.control and item.type != "pass_fail":
        out.append(((*at, "control"), "control applies to pass_fail items"))
    return out


def _describe(source: str, root: yaml.Node | None, data: Any, loc: tuple, msg: str) -> str:
    """`file:line: sections[0].items[3] (item 'cooker_age'): type: what is wrong`."""
    line = _line_of(root, loc)
    where, field = _where(data, loc)
    prefix = f"{source}:{line}" if line else source
    msg = re.sub(r"^Value error, ", "", msg)
    return (
        f"{prefix}: {where}{field}: {msg}" if where else f"{prefix}: {field or 'template'}: {msg}"
    )


def _where(data: Any, loc: tuple) -> tuple[str, str]:
    """Name the innermost section or item on the path, and the field under it."""
    node, where, field_parts = data, "", []
    path: list[str] = []
    for i, key in enumerate(loc):
        path.append(f"[{key}]" if isinstance(key, int) else (("." if path else "") + str(key)))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            field_parts = [str(k) for k in loc[i:]]
            break
        if isinstance(key, int) and isinstance(node, dict) and loc[i - 1] in ("sections", "items"):
            kind = "section" if loc[i - 1] == "sections" else "item"
            ident = node.get("id")
            where = "".join(path) + (f" ({kind} {ident!r})" if ident else "")
            field_parts = []
        elif where:
            field_parts.append(str(key))
    if not where:
        return "", ".".join(str(k) for k in loc)
    return where, (": " + ".".join(field_parts)) if field_parts else ""


def _line_of(root: yaml.Node | None, loc: tuple) -> int | None:
    """1-based line of the deepest YAML node on the path that exists."""
    node, line = root, None
    if node is not None:
        line = node.start_mark.line + 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node.value[key]
        else:
            nxt = None
        if nxt is None:
            break
        node, line = nxt, nxt.start_mark.line + 1
    return line
