"""The form view's link to the checklist engine: load, answer, evaluate one inspection."""

from dataclasses import dataclass, field
from typing import Any

from ..core.model import Inspection, TemplateSnapshot
from ..core.templates import Item, Template, parse_template
from ..store import Store


@dataclass
class Evaluation:
    visible: list[str]
    failed: set[str]
    answered: int
    required_missing: list[str]
    computed: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.visible)


class FormSession:
    def __init__(self, store: Store, inspection_id: str):
        self.store = store
        self.inspection = store.get(Inspection, inspection_id)
        snaps = store.find(
            TemplateSnapshot, "content_hash = ?", [self.inspection.template_hash], limit=1
        )
        if snaps:
            self.template: Template = parse_template(
                snaps[0].content, f"{snaps[0].template_id}@{snaps[0].version}"
            )
        else:
            from ..forms import load_all

            self.template = load_all()[self.inspection.template_id]

    @property
    def answers(self) -> dict[str, Any]:
        return self.inspection.answers

    def set_answer(self, item_id: str, value: Any) -> None:
        answers = dict(self.inspection.answers)
        if value in (None, "", [], {}):
            answers.pop(item_id, None)
        else:
            answers[item_id] = value
        self.inspection.answers = answers
        self.store.save(self.inspection)

    def evaluate(self) -> Evaluation:
        items: list[Item] = self.template.visible_items(self.answers)
        answered = [i for i in items if self.answers.get(i.id) not in (None, "", [], {})]
        return Evaluation(
            visible=[i.id for i in items],
            failed={i.id for i in items if i.fails(self.answers.get(i.id))},
            answered=len(answered),
            required_missing=[i.id for i in items if i.required and i not in answered],
        )
