"""The form view's link to the checklist engine: one inspection, its pinned template, its
answers and their evaluation (store/inspections.py and core/engine.py do the work)."""

from typing import Any

from ..core import item_path
from ..core.engine import Evaluation
from ..core.model import Inspection
from ..core.templates import Template
from ..store import Store
from ..store.inspections import AnswerResult, evaluate_inspection, set_answer, template_for


class FormSession:
    def __init__(self, store: Store, inspection_id: str):
        self.store = store
        self.inspection: Inspection = store.get(Inspection, inspection_id)
        self.template: Template = template_for(store, self.inspection)
        self.last: AnswerResult | None = None

    @property
    def answers(self) -> dict[str, Any]:
        return self.inspection.answers

    def value(self, path: str) -> Any:
        """The stored answer at an item path (`item` or `section[i].item`) or a section id."""
        in_entry = item_path.entry_of(path)
        if not in_entry:
            return self.answers.get(path)
        section, i, item = in_entry
        entries = self.answers.get(section) or []
        return entries[i].get(item) if i < len(entries) else None

    def entries(self, section_id: str) -> list[dict]:
        return list(self.answers.get(section_id) or [])

    def set_answer(self, path: str, value: Any) -> AnswerResult:
        """Save one answer (auto-defects kept in step); raises InspectError when refused."""
        self.last = set_answer(self.store, self.inspection.id, path, value)
        self.inspection = self.last.inspection
        return self.last

    def evaluate(self) -> Evaluation:
        return evaluate_inspection(self.store, self.inspection)
