"""Standards as data: the tables of each standard, with its name and edition.

The tables are read from data files outside core (see inspect_app/standards.py and
resources/standards/); here they are parsed from plain dicts and used by pure functions, so a
corrected or local edition replaces a file, never code.
"""

from dataclasses import dataclass, field
from typing import Any

from .drainage import DrainageTable
from .gas import GasLifeTable
from .info import StandardInfo
from .safety import SafetyTable
from .sampling import SamplingTable
from .warranty import WarrantyTable

__all__ = ["StandardInfo", "Standards"]


@dataclass(frozen=True)
class Standards:
    """Every table the engine and the commands use, one per standard."""

    drainage: DrainageTable
    sampling: SamplingTable
    safety: SafetyTable
    warranty: WarrantyTable
    gas_life: GasLifeTable
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_documents(cls, docs: dict[str, dict]) -> "Standards":
        """Build from parsed data files, keyed by their `standard.id`."""
        need = {"cjj181", "gb50300", "jgj59", "warranty", "gas_life"}
        missing = need - docs.keys()
        if missing:
            raise ValueError(f"standards data missing: {', '.join(sorted(missing))}")
        return cls(
            drainage=DrainageTable(docs["cjj181"]),
            sampling=SamplingTable(docs["gb50300"]),
            safety=SafetyTable(docs["jgj59"]),
            warranty=WarrantyTable(docs["warranty"]),
            gas_life=GasLifeTable(docs["gas_life"]),
            extra={k: v for k, v in docs.items() if k not in need},
        )

    def infos(self) -> list[StandardInfo]:
        return [
            t.info
            for t in (self.drainage, self.sampling, self.safety, self.warranty, self.gas_life)
        ]
