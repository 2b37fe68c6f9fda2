"""An inspection's pinned template and how its items are named.

`template_for` gives back the template an inspection was started with (its TemplateSnapshot, by
content hash), whatever version forms/ holds now; `item_of` / `item_label` find an item by its
path and name it as a person reads it. Signing and the inspection store operations both read
these, so they live below both.
"""

from functools import lru_cache

from .. import forms
from ..core import item_path
from ..core.i18n import pick, t
from ..core.model import Inspection, TemplateSnapshot
from ..core.templates import Item, Template, parse_template
from ..errors import InspectError
from .store import Store


def template_for(store: Store, inspection: Inspection) -> Template:
    """The template `inspection` was started with (from its snapshot, by content hash), with
    the standards tables attached, whatever version forms/ holds now."""
    snaps = store.find(TemplateSnapshot, "content_hash = ?", [inspection.template_hash], limit=1)
    if not snaps:
        raise InspectError(
            t(
                f"检查 {inspection.id} 的模板版本（{inspection.template_id} v"
                f"{inspection.template_version}）不在本地数据中",
                f"the template of inspection {inspection.id} ({inspection.template_id} v"
                f"{inspection.template_version}) is not in this profile",
            )
        )
    return _parsed(snaps[0].content_hash, snaps[0].content, snaps[0].template_id)


@lru_cache(maxsize=64)
def _parsed(content_hash: str, text: str, name: str) -> Template:
    return forms.attach(parse_template(text, f"{name}@{content_hash[:12]}"))


def signature_item_ids(store: Store, insp: Inspection) -> set[str]:
    """Ids of the template's signature items (at top level or in repeating groups). An
    inspection whose template is not here (a partial import) has none to leave out."""
    try:
        tpl = template_for(store, insp)
    except InspectError:
        return set()
    return {i.id for i in tpl.items() if i.type == "signature"}


def item_of(tpl: Template, path: str) -> Item:
    """The item a path names (`item` or `section[i].item`); InspectError if none."""
    m = item_path.entry_of(path)
    try:
        if m:
            section = tpl.section(m[0])
            item = next((i for i in section.items if i.id == m[2]), None)
            if item is None or not section.repeat:
                raise KeyError(path)
            return item
        item = tpl.item(path)
        if tpl.section_of(path).repeat:
            raise KeyError(path)
        return item
    except KeyError:
        raise InspectError(_unknown(path)) from None


def item_label(tpl: Template, path: str, lang: str | None = None) -> str:
    """An item's label as a person reads it: 「排查人签字」, 「参建各方 2 · 签字」."""

    def text(lab) -> str:
        return pick(lab.zh, lab.en or lab.zh, lang)

    sec = next((x for x in tpl.sections if x.id == path), None)
    if sec is not None:  # a required repeating group with no entries
        return text(sec.title)
    m = item_path.entry_of(path)
    iid = m[2] if m else path
    item = next((i for i in tpl.items() if i.id == iid), None)
    if item is None:
        return path
    if m:
        return f"{text(tpl.section(m[0]).title)} {m[1] + 1} · {text(item.label)}"
    return text(item.label)


def _unknown(path: str) -> str:
    return t(f"模板中没有检查项 {path}", f"no item {path} in the template")
