"""Scored site safety check in the manner of JGJ 59-2011, from the table in the data file.

Each sub-table scores out of 100: every item has a full score and the inspector records the
deduction; an item scores its full score less the deduction, never below zero. A sub-table
scores zero when a guaranteed item (保证项目) is zeroed or the guaranteed items together score
under the floor (40, scaled when some guaranteed items do not apply). Items that do not apply
are left out and the sub-table is rescaled to 100 (缺项换算); likewise the summary over the
sub-tables that apply, each weighted as in the summary table. Rating: good when no sub-table is
zero and the summary is at least 80, pass at 70, otherwise fail.

An item nobody answered never scores: a sub-table with one is incomplete (no score), and so is
the summary over it (no total, no rating); an unanswered item is never read as "no deduction".
A deduction by itself is not a failure either: the sub-table score and the rating judge.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .info import StandardInfo


@dataclass(frozen=True)
class ScoreItem:
    full: float  # 应得分
    guaranteed: bool
    deduction: float | None  # 扣减分; None: does not apply (缺项) or not answered
    answered: bool = True
    id: str = ""  # the item's path, to name it when it is unanswered

    @property
    def got(self) -> float | None:
        """实得分: the full score less the deduction, never below zero; None when the item
        does not apply or nobody answered it."""
        if not self.answered or self.deduction is None:
            return None
        return max(0.0, self.full - max(0.0, self.deduction))


@dataclass(frozen=True)
class SubTableScore:
    score: float | None  # None: nothing in the table applies
    raw: float  # before zeroing
    guaranteed: float
    guaranteed_floor: float
    zeroed: bool
    reason: str  # why it was zeroed: "item" | "floor" | ""
    unanswered: tuple[str, ...] = ()  # ids of items nobody answered: no score until answered

    @property
    def complete(self) -> bool:
        return not self.unanswered


@dataclass(frozen=True)
class Summary:
    score: float | None
    rating: str | None  # good | pass | fail; None when nothing was scored or incomplete
    zero_tables: int
    incomplete: tuple[str, ...] = ()  # sub-tables with unanswered items: no total, no rating


class SafetyTable:
    def __init__(self, data: dict):
        self.info = StandardInfo.from_data(data)
        self.full = float(data["sub_table_full"])
        self.floor = float(data["guaranteed_floor"])
        self.zero_on_item = bool(data.get("zero_when_guaranteed_item_zeroed", True))
        self.weights = {k: float(v["weight"]) for k, v in data["weights"].items()}
        self.names = {k: {"zh": v["zh"], "en": v.get("en", "")} for k, v in data["weights"].items()}
        self.ratings = sorted(
            ((float(r["min"]), r["rating"]) for r in data["ratings"]), reverse=True
        )
        self.rating_names = {
            r["rating"]: {"zh": r["zh"], "en": r.get("en", "")} for r in data["ratings"]
        }
        self.decimals = int(data.get("decimals", 1))

    def round(self, x: float) -> float:
        q = Decimal(1).scaleb(-self.decimals)
        return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))

    def sub_table(self, items: list[ScoreItem]) -> SubTableScore:
        unanswered = tuple(i.id for i in items if not i.answered)
        if unanswered:
            return SubTableScore(None, 0.0, 0.0, 0.0, False, "", unanswered)
        applies = [i for i in items if i.deduction is not None]
        if not applies:
            return SubTableScore(None, 0.0, 0.0, 0.0, False, "")
        got = {id(i): max(0.0, i.full - max(0.0, i.deduction or 0.0)) for i in applies}
        full = sum(i.full for i in applies)
        raw = self.round(sum(got.values()) / full * self.full) if full else 0.0
        g_all = sum(i.full for i in items if i.guaranteed)
        g_applies = sum(i.full for i in applies if i.guaranteed)
        g_got = sum(got[id(i)] for i in applies if i.guaranteed)
        floor = self.floor * g_applies / g_all if g_all else 0.0
        item_zeroed = self.zero_on_item and any(got[id(i)] == 0 for i in applies if i.guaranteed)
        under_floor = g_applies > 0 and g_got < floor - 1e-9
        reason = "item" if item_zeroed else "floor" if under_floor else ""
        return SubTableScore(
            0.0 if reason else raw, raw, g_got, self.round(floor), bool(reason), reason
        )

    def summary(self, tables: dict[str, float | None], incomplete=()) -> Summary:
        """Weighted summary of sub-table scores by their key in `weights` (None: not
        applicable); any sub-table in `incomplete` leaves the summary unscored."""
        scored = {k: v for k, v in tables.items() if v is not None}
        if incomplete:
            zeros = sum(1 for v in scored.values() if v == 0)
            return Summary(None, None, zeros, tuple(incomplete))
        if not scored:
            return Summary(None, None, 0)
        unknown = set(scored) - self.weights.keys()
        if unknown:
            raise ValueError(f"no weight for sub-table {', '.join(sorted(unknown))}")
        weight = sum(self.weights[k] for k in scored)
        score = self.round(sum(v * self.weights[k] for k, v in scored.items()) / weight)
        zeros = sum(1 for v in scored.values() if v == 0)
        return Summary(score, self.rating(score, zeros), zeros)

    def rating(self, score: float, zero_tables: int) -> str:
        if zero_tables:
            return self.ratings[-1][1]
        for low, name in self.ratings:
            if score >= low:
                return name
        return self.ratings[-1][1]
