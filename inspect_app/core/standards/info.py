"""Which standard and edition a table came from, and what in it is still to be confirmed."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StandardInfo:
    id: str
    name: str
    code: str
    edition: str
    to_confirm: dict[str, str] = field(default_factory=dict)  # id -> zh note

    @classmethod
    def from_data(cls, data: dict) -> "StandardInfo":
        s = data["standard"]
        notes = {n["id"]: n.get("zh", "") for n in data.get("to_confirm", [])}
        return cls(s["id"], s["name"], s.get("code", ""), str(s.get("edition", "")), notes)

    def cite(self) -> str:
        """How reports and the UI name it: 《name》code."""
        return f"《{self.name}》{self.code}"
