"""The named computations a template's `computed` items use (`compute: family.key`).

Each family is a pure function of the answers in scope (the entry of a repeating group first,
then the whole inspection), the item's `inputs` (which item ids to read, with defaults), the
standards tables and what was evaluated so far; it returns a dict, and `key` picks a value.
The numbers come from the standards tables (core/standards), never from here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .answers import FAIL, FAILING, NA, PASS, is_empty
from .standards import Standards
from .standards.drainage import Observation
from .standards.safety import ScoreItem
from .standards.sampling import draw, judge_lot

if TYPE_CHECKING:  # templates.py checks computation names against FAMILIES below
    from .templates import Item


@dataclass
class Context:
    """What a computation may look at."""

    scope: Mapping[str, Any]  # values visible to the item: entry first, then inspection
    item: "Item"
    standards: Standards
    results: list = field(default_factory=list)  # ItemResult so far, in template order
    tables: dict = field(default_factory=dict)  # score_table key -> SubTableScore so far

    def arg(self, name: str, default_item: str) -> Any:
        return self.scope.get(self.item.inputs.get(name, default_item))


def _number(x: Any) -> float | None:
    try:
        return None if is_empty(x) else float(x)
    except (TypeError, ValueError):
        return None


def drainage(ctx: Context) -> dict:
    """CJJ 181 segment grading. Inputs: defects (a table with code, grade, position_m),
    diameter (mm), area (K), soil (T), segment (its name)."""
    table = ctx.standards.drainage
    observations = []
    for row in ctx.arg("defects", "defects") or []:
        try:
            obs = Observation(str(row["code"]), int(row["grade"]), float(row["position_m"]))
            table.score(obs.code, obs.grade)
        except (KeyError, TypeError, ValueError):
            continue  # an incomplete or impossible row is not graded until it is fixed
        observations.append(obs)
    diameter, area, soil = (ctx.arg(n, d) for n, d in _DRAIN_INPUTS)
    struct = table.kind_score(observations, "structural")
    func = table.kind_score(observations, "functional")
    out = {
        "S": struct.average,
        "Smax": struct.largest,
        "F": struct.combined,
        "structural_grade": struct.grade,
        "Y": func.average,
        "Ymax": func.largest,
        "G": func.combined,
        "functional_grade": func.grade,
        "RI": None,
        "RI_grade": None,
        "MI": None,
        "MI_grade": None,
    }
    if _number(diameter) is None or is_empty(area) or is_empty(soil):
        return out  # the indices need the pipe size, the area and the soil
    try:
        seg = table.indices("", struct, func, float(diameter), area, soil)
    except ValueError:
        return out
    return {**out, **{k: getattr(seg, k) for k in ("RI", "RI_grade", "MI", "MI_grade")}}


_DRAIN_INPUTS = (("diameter", "diameter_mm"), ("area", "area_k"), ("soil", "soil_t"))


def sampling(ctx: Context) -> dict:
    """GB 50300 counting sampling. Inputs: lot_size, seed. `min_sample` is table 3.0.9's size,
    `sample` the units drawn with the seed (empty until a seed is recorded)."""
    lot = _number(ctx.arg("lot_size", "lot_size"))
    seed = ctx.arg("seed", "sample_seed")
    out: dict[str, Any] = {"min_sample": None, "sample": []}
    if lot is None:
        return out
    try:
        n = ctx.standards.sampling.min_sample(lot)
    except ValueError:
        return out
    out["min_sample"] = n
    if not is_empty(seed):
        out["sample"] = draw(int(lot), n, seed)
    return out


def lot(ctx: Context) -> dict:
    """Lot acceptance over the visible pass_fail items marked `control: main|general`.

    The verdict waits (None) until the sample is complete: as many entries as the minimum
    sample (`min_sample` input) and every required control item answered, so a lot is never
    judged, or a defect raised, on the first few units checked. The running counts show as
    they go."""
    main: list[bool] = []
    general: list[bool] = []
    pending = False
    units: set = set()
    for r in ctx.results:
        if r.item.type == "pass_fail" and r.item.control:
            units.add((r.section.id, r.entry))
            if r.value in (PASS, FAIL):
                (main if r.item.control == "main" else general).append(r.value == PASS)
            elif r.item.required and not r.answered:
                pending = True
    need = _number(ctx.arg("min_sample", "min_sample"))
    if need is None or len(units) < need:
        pending = True
    rate = ctx.standards.sampling.general_pass_rate
    required = _number(ctx.scope.get(ctx.item.inputs.get("pass_rate", ""))) or rate
    if required > 1:  # given as a percentage
        required /= 100
    res = judge_lot(main, general, required)
    return {
        "main_failed": res.main_failed,
        "general_rate": None if res.general_rate is None else round(res.general_rate, 4),
        "required_rate": res.required_rate,
        "accepted": None if pending else res.accepted,
    }


def safety(ctx: Context) -> dict:
    """JGJ 59 summary over the scored sub-tables evaluated so far."""
    s = ctx.standards.safety.summary(
        {k: v.score for k, v in ctx.tables.items()},
        [k for k, v in ctx.tables.items() if not v.complete],
    )
    return {"total": s.score, "rating": s.rating, "zero_tables": s.zero_tables}


def score_items(results: list) -> list[ScoreItem]:
    """Scored items of one sub-table from their results (an unanswered one stays unanswered:
    it is never read as no deduction)."""
    out = []
    for r in results:
        if r.item.type != "score":
            continue
        v = r.value
        answered = not is_empty(v)
        deduction = None if v == NA or not answered else (_number(v) or 0.0)
        out.append(
            ScoreItem(float(r.item.full or 0), r.item.guaranteed, deduction, answered, r.path)
        )
    return out


def warranty(ctx: Context) -> dict:
    """Art. 40 warranty end. Inputs: accepted (date), class (a key of the table), design_life."""
    accepted, key = ctx.arg("accepted", "accepted_on"), ctx.arg("class", "warranty_class")
    life = _number(ctx.arg("design_life", "design_life_years"))
    try:
        day = date.fromisoformat(str(accepted))
        end = ctx.standards.warranty.end(day, str(key), int(life) if life else None)
    except (TypeError, ValueError):
        return {"end": None}
    return {"end": end.isoformat() if end else None}


def gas_life(ctx: Context) -> dict:
    """GB 17905 service life. Inputs: age, gas. Keys: the appliance (water_heater, cooker …):
    whether it is past its life (None until the age is known)."""
    age, gas = _number(ctx.arg("age", "age")), ctx.arg("gas", "gas_type")
    table = ctx.standards.gas_life
    return {
        name: (None if age is None else table.over_life(name, age, gas or None))
        for name in table.appliances
    }


def checks(ctx: Context) -> dict:
    """Over the visible items that can fail and have an answer or a value so far (in this
    entry, or the whole inspection; `na` left out): how many failed, and whether all passed
    (None before any)."""
    judged = [
        r
        for r in ctx.results
        if r.item.type in FAILING and r.answered and r.value != NA and r.item is not ctx.item
    ]
    failed = sum(1 for r in judged if r.failed)
    return {"failed": failed, "all_pass": (failed == 0) if judged else None}


def entries(ctx: Context) -> dict:
    """Inputs: section (a repeating group's id): how many entries it has."""
    return {"count": len(ctx.arg("section", "") or [])}


FAMILIES: dict[str, tuple[Callable[[Context], dict], tuple[str, ...]]] = {
    "drainage": (
        drainage,
        (
            "S",
            "Smax",
            "F",
            "structural_grade",
            "Y",
            "Ymax",
            "G",
            "functional_grade",
            "RI",
            "RI_grade",
            "MI",
            "MI_grade",
        ),
    ),
    "sampling": (sampling, ("min_sample", "sample")),
    "lot": (lot, ("main_failed", "general_rate", "required_rate", "accepted")),
    "safety": (safety, ("total", "rating", "zero_tables")),
    "warranty": (warranty, ("end",)),
    "gas_life": (
        gas_life,
        ("water_heater", "cooker", "other", "rubber_hose", "bellows_hose", "meter"),
    ),
    "checks": (checks, ("failed", "all_pass")),
    "entries": (entries, ("count",)),
}
# Families whose result depends only on the answers in scope (not on other results so far).
SCOPE_ONLY = frozenset({"drainage", "sampling", "warranty", "gas_life"})
# Which standard a family's values come from, named in the evaluation and in reports.
SOURCES = {
    "drainage": "drainage",
    "sampling": "sampling",
    "lot": "sampling",
    "safety": "safety",
    "warranty": "warranty",
    "gas_life": "gas_life",
}


def known_computation(name: str) -> bool | str:
    """True, or why `name` is not a computation."""
    family, _, key = name.partition(".")
    if family not in FAMILIES:
        return f"unknown computation {name!r} (known: {', '.join(sorted(FAMILIES))})"
    if key not in FAMILIES[family][1]:
        return f"{family!r} has no value {key!r} (it has: {', '.join(FAMILIES[family][1])})"
    return True
