"""Where an answer lives in an inspection: the item path, written and read in one place.

`item` for an item of a plain section; `section[i].item` for item `item` of entry i (from 0) of
a repeating section. Answers, evaluations, auto-defects (`Defect.item_id`), photo links and
signatures all name items this way. An entry that was removed parks its records on
`section[removed-<tag>].item`, a path no entry can have.
"""

import re
from dataclasses import dataclass

_ID = r"[a-z][a-z0-9_]*"
_ENTRY = re.compile(rf"^({_ID})\[(\d+)\]\.({_ID})$")
_PARKED = re.compile(rf"^({_ID})\[removed-[^\]]+\]\.({_ID})$")


@dataclass(frozen=True)
class ItemPath:
    item: str  # the item's id in the template
    section: str = ""  # the repeating section, for an item inside an entry
    entry: int | None = None  # the entry's index; None: not in a repeating section

    @property
    def in_entry(self) -> bool:
        return self.entry is not None

    def __str__(self) -> str:
        return entry_path(self.section, self.entry, self.item) if self.in_entry else self.item


def entry_path(section: str, entry: int | None, item: str) -> str:
    """`section[entry].item`: item `item` of entry `entry` of a repeating section."""
    return f"{section}[{entry}].{item}"


def parked_path(section: str, item: str, tag: str) -> str:
    """Where the records of a removed entry go: a path no entry can have."""
    return f"{section}[removed-{tag}].{item}"


def parse(path: str) -> ItemPath:
    """The parts of an item path (a plain item id is returned as such). A parked path gives
    its section and item with no entry index."""
    if m := _ENTRY.match(path):
        return ItemPath(m.group(3), m.group(1), int(m.group(2)))
    if m := _PARKED.match(path):
        return ItemPath(m.group(2), m.group(1))
    return ItemPath(path)


def entry_of(path: str) -> tuple[str, int, str] | None:
    """(section, entry index, item) of a path inside a repeating entry; None otherwise."""
    m = _ENTRY.match(path)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else None


def item_id(path: str) -> str:
    """The template item a path names, in an entry or not."""
    return parse(path).item
