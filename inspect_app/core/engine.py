"""Evaluating an inspection: what is shown, what is computed, what failed, what is missing.

`evaluate(template, answers)` is pure and cheap; the form renderer calls it after every answer
and the store calls it to raise auto-defects. Answers are a dict: item id -> value for ordinary
items, and section id -> list of entries (each a dict item id -> value) for a repeating section.
Every result is addressed by a path: `item_id`, or `section_id[i].item_id` inside entry i.
"""

from collections import ChainMap
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import TemplateError
from .compute import FAMILIES, SCOPE_ONLY, SOURCES, Context, score_items
from .display import display
from .i18n import t
from .item_path import entry_path
from .standards import Standards
from .standards.safety import SubTableScore
from .templates import Item, Section, Template, is_empty


@dataclass(frozen=True)
class ItemResult:
    path: str
    item: Item
    section: Section
    entry: int | None  # index in a repeating section, None elsewhere
    value: Any  # the answer, or the computed value
    answered: bool  # computed items: whether a value could be computed
    failed: bool


@dataclass
class Evaluation:
    """The state of an inspection as its template sees it.

    - `items`: every *visible* item (show-if holds for it and its section), by path, in
      template order; hidden items are left out, whatever their stored answer.
    - `computed`: path -> value of every visible computed item (None when it cannot be
      computed yet, e.g. F before a defect row is complete).
    - `answered` / `required` / `required_answered`: progress over visible items a person
      answers (computed items are not counted); `progress` is the share of required ones done.
    - `failed`: paths of visible items whose answer or computed value fails.
    - `missing`: required visible items without an answer (a required repeating section
      with fewer than `min_entries` entries is named by its section id).
    - `missing_evidence`: failed items with `photo_on_fail` and no photo in `evidence`.
    - `tables`: JGJ 59 sub-table scores by `score_table` key, every visible sub-table; one
      with an item left blank is incomplete (score None, `unanswered` names the items).
    - `sources`: path of a computed value -> the standard and edition it came from.
    """

    items: dict[str, ItemResult] = field(default_factory=dict)
    computed: dict[str, Any] = field(default_factory=dict)
    answered: int = 0
    required: int = 0
    required_answered: int = 0
    failed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    missing_evidence: list[str] = field(default_factory=list)
    tables: dict[str, SubTableScore] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    _tables: Any = field(default=None, repr=False, compare=False)

    @property
    def visible(self) -> list[str]:
        return list(self.items)

    @property
    def progress(self) -> float:
        return self.required_answered / self.required if self.required else 1.0

    @property
    def complete(self) -> bool:
        """Nothing required is missing and every failed item that needs a photo has one."""
        return not self.missing and not self.missing_evidence

    def value(self, path: str) -> Any:
        r = self.items.get(path)
        return r.value if r else None

    def display(self, path: str, lang: str = "") -> str:
        """The value at `path` as it reads on screen and on paper (Ⅲ级, 优良, 83.3%, 是)."""
        r = self.items.get(path)
        return display(r.item, r.value, self._tables, lang) if r else "—"


def evaluate(
    template: Template,
    answers: Mapping[str, Any],
    evidence: Collection[str] = (),
    standards: Standards | None = None,
) -> Evaluation:
    """Evaluate `answers` against `template`.

    `evidence` holds the paths of items that have at least one photo attached. `standards`
    are the tables computations use; by default those attached to the template when it was
    loaded (inspect_app.forms and store.inspections attach them). Pure: no I/O, and the
    answers are not changed.
    """
    tables = standards or template.tables
    if tables is None and any(i.type == "computed" for i in template.items()):
        raise TemplateError(
            [t(f"模板 {template.id} 未附标准数据，无法计算", f"{template.id}: no standards tables")]
        )
    ev = Evaluation(_tables=tables)
    top: dict[str, Any] = dict(answers)
    done: list[ItemResult] = []
    for section in template.sections:
        if not all(c.holds(top) for c in section.show_if):
            continue
        if section.repeat:
            entries = answers.get(section.id) or []
            if not isinstance(entries, list):
                entries = []
            if len(entries) < section.min_entries:
                ev.missing.append(section.id)
            for i, entry in enumerate(entries):
                scope = ChainMap(dict(entry) if isinstance(entry, Mapping) else {}, top)
                mine: list[ItemResult] = []
                for item in section.items:
                    path = entry_path(section.id, i, item.id)
                    r = _item(ev, tables, section, item, path, i, scope, mine, evidence)
                    if r:
                        mine.append(r)
                done.extend(mine)
        else:
            start = len(done)
            for item in section.items:
                r = _item(ev, tables, section, item, item.id, None, top, done, evidence)
                if r:
                    done.append(r)
            mine = done[start:]
            # every visible sub-table is judged: one with an item left blank is incomplete
            # (no score), never scored as if the blank were no deduction
            if section.score_table and any(r.item.type == "score" for r in mine):
                ev.tables[section.score_table] = tables.safety.sub_table(score_items(mine))
    return ev


def _item(ev, tables, section, item, path, entry, scope, results, evidence) -> ItemResult | None:
    if not all(c.holds(scope) for c in item.show_if):
        return None
    if item.type == "computed":
        family, _, key = item.compute.partition(".")
        # families that read only answers in scope give one dict per entry: computed once
        memo = (family, section.id, entry, tuple(sorted(item.inputs.items())))
        if family not in SCOPE_ONLY or memo not in ev._memo:
            ctx = Context(scope, item, tables, list(results), ev.tables)
            ev._memo[memo] = FAMILIES[family][0](ctx)
        value = ev._memo[memo].get(key)
        scope[item.id] = value  # later items in scope may read it
        ev.computed[path] = value
        if family in SOURCES:
            ev.sources[path] = getattr(tables, SOURCES[family]).info.cite()
        answered = value is not None
    else:
        value = scope.get(item.id)
        answered = not is_empty(value)
        ev.answered += answered
        if item.required:
            ev.required += 1
            ev.required_answered += answered
            if not answered:
                ev.missing.append(path)
    failed = item.fails(value)
    if failed:
        ev.failed.append(path)
        if item.photo_on_fail and path not in evidence:
            ev.missing_evidence.append(path)
    r = ItemResult(path, item, section, entry, value, answered, failed)
    ev.items[path] = r
    return r
