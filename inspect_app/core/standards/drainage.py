"""Drainage pipe defect grading by segment (CJJ 181-2012), from the table in the data file.

One segment is the pipe between two manholes. Each defect has a code, a grade and a position
from the upstream manhole. Structural and functional defects are scored separately:
S = (ΣP1 + α·ΣP2) / n, where a defect's spacing is the clear distance to its nearest neighbour
of the same kind (P2: spacing within [merge_below, factor_up_to] m, P1: farther apart),
defects closer than `merge_below` count as one; F = max(S, Smax). Likewise Y, Ymax and G.
Then RI = 0.7F + 0.1K + 0.05E + 0.15T and MI = 0.8G + 0.15K + 0.05E, with K and E zero when
F < 4 and T zero when F = 0. Values are rounded (half up) and grades follow the rounded values.
"""

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .bands import Band, band_of, parse_bands
from .info import StandardInfo

STRUCTURAL, FUNCTIONAL = "structural", "functional"
_ROMAN = str.maketrans({"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "１": "1"})


@dataclass(frozen=True)
class DefectCode:
    code: str
    zh: str
    en: str
    kind: str
    scores: tuple[float, ...]
    counted: bool = True

    @property
    def grades(self) -> int:
        return len(self.scores)


@dataclass(frozen=True)
class Observation:
    """One defect seen in a segment."""

    code: str
    grade: int
    position_m: float


@dataclass(frozen=True)
class KindScore:
    average: float  # S or Y
    largest: float  # Smax or Ymax
    combined: float  # F or G
    grade: int
    count: int  # n: defects counted, clusters closer than merge_below as one


@dataclass(frozen=True)
class SegmentGrade:
    segment: str
    S: float
    Smax: float
    F: float
    structural_grade: int
    Y: float
    Ymax: float
    G: float
    functional_grade: int
    RI: float
    RI_grade: int
    MI: float
    MI_grade: int
    K: int
    E: int
    T: int

    def as_dict(self) -> dict:
        keys: tuple[str, ...] = ("segment", "S", "Smax", "F", "structural_grade", "Y", "Ymax", "G")
        keys += ("functional_grade", "RI", "RI_grade", "MI", "MI_grade")
        return {k: getattr(self, k) for k in keys}


def _dec(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(repr(x) if isinstance(x, float) else str(x))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).translate(_ROMAN).upper()


class DrainageTable:
    def __init__(self, data: dict):
        self.info = StandardInfo.from_data(data)
        self.codes = {
            code.upper(): DefectCode(
                code.upper(),
                d["zh"],
                d.get("en", ""),
                d["kind"],
                tuple(float(s) for s in d["scores"]),
                d.get("counted", True),
            )
            for code, d in data["defects"].items()
        }
        self._by_name = {_norm(c.zh): c for c in self.codes.values()}
        sp = data["spacing"]
        self.merge_below = float(sp["merge_below_m"])
        self.merge_rule = sp.get("merge_rule", "max")
        if self.merge_rule not in ("max", "sum_capped"):
            raise ValueError(f"unknown merge_rule {self.merge_rule!r}")
        self.factor_up_to = float(sp["factor_up_to_m"])
        self.factor = {STRUCTURAL: float(sp["alpha"]), FUNCTIONAL: float(sp["beta"])}
        self.decimals = int(data.get("decimals", 2))
        self.segment_grades = parse_bands(data["segment_grades"], "grade")
        self.index_grades = parse_bands(data["index_grades"], "grade")
        self.ri = {k: float(v) for k, v in data["repair_index"].items()}
        self.mi = {k: float(v) for k, v in data["maintenance_index"].items()}
        self.k_e_zero_below_F = float(data["k_e_zero_below_F"])
        self.t_zero_when_F = float(data["t_zero_when_F"])
        self.pipe_bands: tuple[Band, ...] = parse_bands(data["pipe_factor"], "value")
        self.area_values = {int(v): names for v, names in data["area_factor"].items()}
        self.soil_values = {int(v): names for v, names in data["soil_factor"].items()}
        self._area = {_norm(n): int(v) for v, ns in data["area_factor"].items() for n in ns}
        self._soil = {_norm(n): int(v) for v, ns in data["soil_factor"].items() for n in ns}

    # ----- inputs ----------------------------------------------------------------------------

    def code(self, text: str) -> DefectCode:
        """A defect code from its letters (PL) or its Chinese name (破裂)."""
        found = self.codes.get(text)  # the common case: already a code
        if found is None:
            key = _norm(text)
            found = self.codes.get(key) or self._by_name.get(key)
        if found is None:
            raise ValueError(f"unknown defect code {text!r}")
        return found

    def score(self, code: str, grade: int) -> float:
        c = self.code(code)
        if not 1 <= int(grade) <= c.grades:
            raise ValueError(f"{c.code} has grades 1-{c.grades}, not {grade}")
        return c.scores[int(grade) - 1]

    def area_factor(self, value) -> int:
        """K from its value (0/3/6/10) or a category name (交通干道 …)."""
        return _factor(value, self.area_values, self._area, "area_k")

    def soil_factor(self, value) -> int:
        """T from its value (0/6/8/10) or a soil name (粉砂层 …)."""
        return _factor(value, self.soil_values, self._soil, "soil_t")

    def pipe_factor(self, diameter_mm: float) -> int:
        return int(band_of(self.pipe_bands, float(diameter_mm)))

    # ----- grading ---------------------------------------------------------------------------

    def round(self, x: float | Decimal) -> float:
        """Half up, on the decimal value (so 3.595 is 3.60, as by hand)."""
        q = Decimal(1).scaleb(-self.decimals)
        return float(_dec(x).quantize(q, rounding=ROUND_HALF_UP))

    def _linear(self, coefficients: dict[str, float], values: dict[str, float]) -> float:
        return self.round(sum(_dec(coefficients[k]) * _dec(v) for k, v in values.items()))

    def kind_score(self, observations: list[Observation], kind: str) -> KindScore:
        """S, Smax, F and grade (structural) or Y, Ymax, G and grade (functional)."""
        points = []
        for o in observations:
            c = self.code(o.code)
            if c.kind == kind and c.counted:
                points.append((o.position_m, self.score(c.code, o.grade)))
        points.sort()
        clusters: list[list[float]] = []  # [start, end, score]
        for pos, score in points:
            last = clusters[-1] if clusters else None
            if last is not None and pos - last[1] < self.merge_below:
                last[1] = pos
                last[2] = (
                    max(last[2], score) if self.merge_rule == "max" else min(last[2] + score, 10.0)
                )
            else:
                clusters.append([pos, pos, score])
        if not clusters:
            return KindScore(0.0, 0.0, 0.0, int(band_of(self.segment_grades, 0.0)), 0)
        total = Decimal(0)
        for i, (start, end, score) in enumerate(clusters):
            before = start - clusters[i - 1][1] if i > 0 else math.inf
            after = clusters[i + 1][0] - end if i + 1 < len(clusters) else math.inf
            spacing = min(before, after)
            near = self.merge_below <= spacing <= self.factor_up_to
            total += _dec(score) * (_dec(self.factor[kind]) if near else 1)
        average = self.round(total / len(clusters))
        largest = self.round(max(c[2] for c in clusters))
        combined = max(average, largest)
        return KindScore(
            average, largest, combined, int(band_of(self.segment_grades, combined)), len(clusters)
        )

    def grade_segment(
        self, segment: str, observations: list[Observation], diameter_mm: float, area_k, soil_t
    ) -> SegmentGrade:
        s = self.kind_score(observations, STRUCTURAL)
        f = self.kind_score(observations, FUNCTIONAL)
        return self.indices(segment, s, f, diameter_mm, area_k, soil_t)

    def indices(
        self, segment: str, s: KindScore, f: KindScore, diameter_mm: float, area_k, soil_t
    ) -> SegmentGrade:
        """RI, MI and their grades from the structural and functional scores."""
        structural, functional = s.combined, f.combined
        low = structural < self.k_e_zero_below_F
        k = 0 if low else self.area_factor(area_k)
        e = 0 if low else self.pipe_factor(diameter_mm)
        t = 0 if structural == self.t_zero_when_F else self.soil_factor(soil_t)
        ri = self._linear(self.ri, {"F": structural, "K": k, "E": e, "T": t})
        mi = self._linear(self.mi, {"G": functional, "K": k, "E": e})
        return SegmentGrade(
            segment=segment,
            S=s.average,
            Smax=s.largest,
            F=structural,
            structural_grade=s.grade,
            Y=f.average,
            Ymax=f.largest,
            G=functional,
            functional_grade=f.grade,
            RI=ri,
            RI_grade=int(band_of(self.index_grades, ri)),
            MI=mi,
            MI_grade=int(band_of(self.index_grades, mi)),
            K=k,
            E=e,
            T=t,
        )


def _factor(value, values: dict[int, list], names: dict[str, int], what: str) -> int:
    text = _norm(value) if value is not None else ""
    if text in names:
        return names[text]
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and number.is_integer() and int(number) in values:
        return int(number)
    allowed = "/".join(str(v) for v in sorted(values))
    raise ValueError(f"{what} {value!r} is not {allowed} or a known category name")


def manholes(segment: str) -> tuple[str, str]:
    """The start and end manhole of a segment named "W1-W2" (also —, –, ~, →, 至); the whole
    name as the start when it names no pair."""
    for sep in ("—", "–", "→", "~", "至", "-"):
        a, found, b = segment.partition(sep)
        if found and a.strip() and b.strip():
            return a.strip(), b.strip()
    return segment.strip(), ""


def defect_density(defects: int, length_m: float | None) -> float | None:
    """Defects per 100 m of pipe in a segment; None without a length."""
    if not length_m or length_m <= 0:
        return None
    return defects / length_m * 100
