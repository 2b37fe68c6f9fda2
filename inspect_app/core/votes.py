"""Resident votes under Civil Code art. 278: ballots, the rules as data, the tally.

Exact fractions throughout (fractions.Fraction), so a vote that lands exactly on 2/3 or 3/4 is
judged right. Areas enter as decimal text ("85.37") and become exact fractions.

Counting by head follows the Supreme People's Court interpretation on building ownership
(法释〔2009〕7号, art. 9): one exclusive unit counts as one owner, except that one owner holding
several units counts once. So heads are distinct owners; an owner's area is the sum of their units.
"""

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from ..errors import InspectError
from .i18n import t
from .text import TextRefused, clean_text


class Matter(StrEnum):
    MAJOR = "major"  # art. 278 items 6–8: raising funds, rebuilding/altering, changing use
    ORDINARY = "ordinary"  # every other item


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    ABSENT = "absent"


class Cast(StrEnum):
    WRITTEN = "written"  # 书面
    ONLINE = "online"  # 线上


# The ways people write a vote and how they cast it on a ballot sheet, one table: Chinese,
# English, ticks and crosses (√ ✓ ☑ V / × ✗ ☒ X). Matching ignores case, width (ＹＥＳ is
# yes), spaces and a closing full stop; an empty vote cell means the owner did not take part.
VOTE_WORDS: dict[Choice, tuple[str, ...]] = {
    Choice.YES: (
        "同意", "赞成", "支持", "是", "√", "✓", "✔", "☑", "v",
        "agree", "yes", "y", "approve", "for", "in favour", "in favor",
    ),
    Choice.NO: (
        "反对", "不同意", "不赞成", "否", "×", "✗", "✘", "☒", "x",
        "disagree", "no", "n", "against", "oppose",
    ),
    Choice.ABSTAIN: ("弃权", "abstain", "abstained", "abstention"),
    Choice.ABSENT: (
        "未参与", "未参加", "未投票", "未表决", "缺席", "",
        "absent", "did not vote", "not voted", "none",
    ),
}  # fmt: skip
CAST_WORDS_TABLE: dict["Cast", tuple[str, ...]] = {
    Cast.WRITTEN: ("书面", "纸质", "现场", "written", "paper", ""),
    Cast.ONLINE: ("线上", "网络", "网上", "微信", "online", "web"),
}


def word_key(text: str) -> str:
    """How a cell is matched against the table: width folded (NFKC), case and spaces ignored,
    a closing full stop dropped."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return "".join(folded.split()).rstrip("。.!！")


CHOICE_WORDS: dict[str, Choice] = {word_key(w): c for c, ws in VOTE_WORDS.items() for w in ws}
CAST_WORDS: dict[str, Cast] = {word_key(w): c for c, ws in CAST_WORDS_TABLE.items() for w in ws}


def accepted_words() -> str:
    """The words a vote cell may hold, for a message refusing one."""
    groups = []
    for choice, words in VOTE_WORDS.items():
        shown = "/".join(w for w in words if w)
        if choice == Choice.ABSENT:
            shown += t("（或留空）", " (or empty)")
        groups.append(shown)
    return t("；", "; ").join(groups)


def accepted_casts() -> str:
    return t("；", "; ").join("/".join(w for w in ws if w) for ws in CAST_WORDS_TABLE.values())


CHOICE_NAMES = {
    Choice.YES: ("同意", "yes"),
    Choice.NO: ("反对", "no"),
    Choice.ABSTAIN: ("弃权", "abstain"),
    Choice.ABSENT: ("未参与", "absent"),
}


@dataclass(frozen=True)
class Thresholds:
    """The ratios a vote must reach. `strict` approval means "more than", else "at least"."""

    quorum_area: Fraction
    quorum_head: Fraction
    approval_area: Fraction
    approval_head: Fraction
    strict: bool
    law: str  # where the ratios come from, printed beside every tally

    def as_dict(self) -> dict:
        return {
            "quorum_area": str(self.quorum_area),
            "quorum_head": str(self.quorum_head),
            "approval_area": str(self.approval_area),
            "approval_head": str(self.approval_head),
            "approval_rule": "more_than" if self.strict else "at_least",
            "law": self.law,
        }


LAW = "《中华人民共和国民法典》第二百七十八条"
ART_278: dict[Matter, Thresholds] = {
    Matter.MAJOR: Thresholds(
        Fraction(2, 3), Fraction(2, 3), Fraction(3, 4), Fraction(3, 4), False, LAW
    ),
    Matter.ORDINARY: Thresholds(
        Fraction(2, 3), Fraction(2, 3), Fraction(1, 2), Fraction(1, 2), True, LAW
    ),
}
RATIO_KEYS = ("quorum_area", "quorum_head", "approval_area", "approval_head")


def thresholds(
    matter: Matter | str, settings: Mapping | None = None, purpose: str | None = None
) -> Thresholds:
    """The thresholds for a matter: art. 278, raised where the project's settings say so.

    settings["vote_thresholds"][purpose or matter] may give any of RATIO_KEYS as "3/4", "0.8"
    or a number, and "law" (the local rule's name). A ratio below the law's, or above 1, is
    refused: local rules may only ask for more.
    """
    matter = Matter(matter)
    base = ART_278[matter]
    table = (settings or {}).get("vote_thresholds") or {}
    raised = (purpose and table.get(str(purpose))) or table.get(matter.value) or {}
    changes: dict = {}
    for key in RATIO_KEYS:
        if key not in raised:
            continue
        value = _ratio(raised[key], key)
        if value < getattr(base, key) or value > 1:
            raise InspectError(
                t(
                    f"表决比例 {key}={raised[key]} 无效：只能在民法典第二百七十八条的 {getattr(base, key)} 基础上提高，且不超过 1。",
                    f"vote threshold {key}={raised[key]} is not allowed: it may only be raised "
                    f"above the art. 278 value {getattr(base, key)}, up to 1",
                )
            )
        changes[key] = value
    if changes:
        changes["law"] = str(raised.get("law") or t("项目设定（高于法定比例）", "project setting"))
    return replace(base, **changes)


def _ratio(value, key: str) -> Fraction:
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise InspectError(
            t(
                f"表决比例 {key}={value!r} 不是数字或分数",
                f"vote threshold {key}={value!r} is not a number",
            )
        ) from None


@dataclass(frozen=True)
class BallotRow:
    """One owner's vote on one unit, as read from a sheet or entered in the app."""

    unit: str
    owner: str
    area: Fraction
    choice: Choice
    cast: Cast = Cast.WRITTEN
    line: int = 0


@dataclass
class Tally:
    thresholds: Thresholds
    total_area: Fraction = Fraction(0)
    total_head: int = 0
    part_area: Fraction = Fraction(0)
    part_head: int = 0
    yes_area: Fraction = Fraction(0)
    yes_head: int = 0
    no_area: Fraction = Fraction(0)
    no_head: int = 0
    abstain_area: Fraction = Fraction(0)
    abstain_head: int = 0
    by_cast: dict = field(default_factory=dict)  # cast -> participating heads

    @property
    def participation_area(self) -> Fraction:
        return _share(self.part_area, self.total_area)

    @property
    def participation_head(self) -> Fraction:
        return _share(Fraction(self.part_head), Fraction(self.total_head))

    @property
    def approval_area(self) -> Fraction:
        return _share(self.yes_area, self.part_area)

    @property
    def approval_head(self) -> Fraction:
        return _share(Fraction(self.yes_head), Fraction(self.part_head))

    @property
    def quorum_met(self) -> bool:
        th = self.thresholds
        return (
            self.total_head > 0
            and self.participation_area >= th.quorum_area
            and self.participation_head >= th.quorum_head
        )

    @property
    def approved(self) -> bool:
        th = self.thresholds
        if not self.quorum_met:
            return False
        if th.strict:
            return self.approval_area > th.approval_area and self.approval_head > th.approval_head
        return self.approval_area >= th.approval_area and self.approval_head >= th.approval_head

    def missing(self) -> list[str]:
        """What keeps the vote from passing, in words; empty when it passed."""
        th, out = self.thresholds, []
        cmp_zh = "超过" if th.strict else "达到"
        checks = (
            (self.participation_area >= th.quorum_area, "参与表决的专有面积", "participating area", th.quorum_area, self.participation_area, "达到"),
            (self.participation_head >= th.quorum_head, "参与表决的业主人数", "participating owners", th.quorum_head, self.participation_head, "达到"),
        )  # fmt: skip
        for ok, zh, en, need, got, verb in checks:
            if not ok:
                out.append(
                    t(
                        f"{zh}占比 {pct(got)}，未{verb} {pct(need)}",
                        f"{en} {pct(got)}, below {pct(need)}",
                    )
                )
        if out:
            return out
        for got, need, zh, en in (
            (self.approval_area, th.approval_area, "同意的面积", "area approving"),
            (self.approval_head, th.approval_head, "同意的人数", "owners approving"),
        ):
            ok = got > need if th.strict else got >= need
            if not ok:
                out.append(
                    t(
                        f"{zh}占参与表决的 {pct(got)}，未{cmp_zh} {pct(need)}",
                        f"{en} {pct(got)} of those taking part, "
                        f"{'not above' if th.strict else 'below'} {pct(need)}",
                    )
                )
        return out

    def as_dict(self) -> dict:
        """The JSON shape of `consent tally --json`: ratios as floats, exact values beside."""
        return {
            "participation_area": float(self.participation_area),
            "participation_head": float(self.participation_head),
            "approval_area": float(self.approval_area),
            "approval_head": float(self.approval_head),
            "quorum_met": self.quorum_met,
            "approved": self.approved,
            "thresholds": self.thresholds.as_dict(),
            "exact": {
                "participation_area": str(self.participation_area),
                "participation_head": str(self.participation_head),
                "approval_area": str(self.approval_area),
                "approval_head": str(self.approval_head),
            },
            "owners": self.total_head,
            "area_m2": float(self.total_area),
            "counts": {
                "yes": self.yes_head,
                "no": self.no_head,
                "abstain": self.abstain_head,
                "absent": self.total_head - self.part_head,
            },
            "areas_m2": {
                "yes": float(self.yes_area),
                "no": float(self.no_area),
                "abstain": float(self.abstain_area),
                "absent": float(self.total_area - self.part_area),
            },
        }


def _share(part: Fraction, whole: Fraction) -> Fraction:
    return part / whole if whole else Fraction(0)


def pct(x: Fraction) -> str:
    return f"{float(x) * 100:.2f}%"


def tally(rows: Iterable[BallotRow], th: Thresholds) -> Tally:
    """Count ballots by area and by head. Rows must already be checked (see `check_rows`).

    Areas are summed as integers over their common denominator (1/100 for areas given to the
    centimetre), which is exact and much faster than adding fractions one by one.
    """
    rows = list(rows)
    unit = math.lcm(*(r.area.denominator for r in rows)) if rows else 1
    owners: dict[str, tuple[int, Choice, Cast]] = {}
    for r in rows:
        key = owner_key(r.owner) or f"\0{r.unit}"
        area, _, _ = owners.get(key, (0, r.choice, r.cast))
        owners[key] = (area + r.area.numerator * (unit // r.area.denominator), r.choice, r.cast)
    sums = dict.fromkeys(Choice, 0)
    heads = dict.fromkeys(Choice, 0)
    out = Tally(th)
    for area, choice, cast in owners.values():
        sums[choice] += area
        heads[choice] += 1
        if choice != Choice.ABSENT:
            out.by_cast[cast.value] = out.by_cast.get(cast.value, 0) + 1

    def area_of(*cs: Choice) -> Fraction:
        return Fraction(sum(sums[c] for c in cs), unit)

    taking_part = (Choice.YES, Choice.NO, Choice.ABSTAIN)  # abstaining owners took part
    out.total_area, out.total_head = area_of(*Choice), len(owners)
    out.part_area, out.part_head = area_of(*taking_part), sum(heads[c] for c in taking_part)
    out.yes_area, out.yes_head = area_of(Choice.YES), heads[Choice.YES]
    out.no_area, out.no_head = area_of(Choice.NO), heads[Choice.NO]
    out.abstain_area, out.abstain_head = area_of(Choice.ABSTAIN), heads[Choice.ABSTAIN]
    return out


def owner_key(name: str) -> str:
    return "".join(name.split()).casefold()


COLUMNS = {
    "unit": ("unit", "房号", "单元", "户号", "房屋"),
    "owner": ("owner", "业主", "业主姓名", "姓名"),
    "area_m2": ("area_m2", "area", "面积", "专有面积", "建筑面积", "专有部分面积"),
    "vote": ("vote", "表决", "表决意见", "意见"),
    "cast": ("cast", "how", "方式", "表决方式"),
}


@dataclass
class Parsed:
    rows: list[BallotRow]
    errors: list[str]  # "line N: what is wrong"


def check_rows(header: list[str], lines: Iterable[tuple[int, list]]) -> Parsed:
    """Turn a sheet's header and numbered rows into ballots; bad rows reported by line.

    A bad row is left out of the tally and named; the good rows are kept.
    """
    col = _columns(header)
    rows: list[BallotRow] = []
    errors: list[str] = []
    seen_units: dict[str, int] = {}
    owner_votes: dict[str, tuple[Choice, int]] = {}
    for line, cells in lines:
        if all(str(c or "").strip() == "" for c in cells):
            continue
        unit, owner, area_text, vote, cast = (
            _cell(cells, col.get(k)) for k in ("unit", "owner", "area_m2", "vote", "cast")
        )
        problems = []
        # Names and units enter the store: under the text policy, a refusal named by line.
        for name in ("unit", "owner"):
            try:
                value = clean_text(unit if name == "unit" else owner, name)
            except TextRefused as e:
                problems.append(str(e))
                value = ""
            unit, owner = (value, owner) if name == "unit" else (unit, value)
        if problems:
            errors.append(t(f"第 {line} 行：", f"line {line}: ") + t("；", "; ").join(problems))
            continue
        if not unit:
            problems.append(t("缺少房号", "no unit"))
        elif unit in seen_units:
            problems.append(
                t(
                    f"房号 {unit} 与第 {seen_units[unit]} 行重复",
                    f"unit {unit} repeats line {seen_units[unit]}",
                )
            )
        if not owner:
            problems.append(t("缺少业主姓名", "no owner"))
        area = _area(area_text)
        if area is None:
            problems.append(
                t(f"面积 {area_text!r} 不是正数", f"area {area_text!r} is not a positive number")
            )
        choice = CHOICE_WORDS.get(word_key(vote))
        if choice is None:
            problems.append(
                t(
                    f"表决意见 {vote!r} 无法识别，可填写：{accepted_words()}",
                    f"vote {vote!r} is not one of the words accepted: {accepted_words()}",
                )
            )
        how = CAST_WORDS.get(word_key(cast))
        if how is None:
            problems.append(
                t(
                    f"表决方式 {cast!r} 无法识别，可填写：{accepted_casts()}",
                    f"cast {cast!r} is not one of the words accepted: {accepted_casts()}",
                )
            )
        if owner and choice is not None and not problems:
            earlier = owner_votes.get(owner_key(owner))
            if earlier and earlier[0] != choice:
                problems.append(
                    t(
                        f"业主 {owner} 在第 {earlier[1]} 行的表决意见不同",
                        f"owner {owner} voted differently on line {earlier[1]}",
                    )
                )
        if problems or area is None or choice is None or how is None:
            errors.append(t(f"第 {line} 行：", f"line {line}: ") + t("；", "; ").join(problems))
            continue
        seen_units[unit] = line
        owner_votes.setdefault(owner_key(owner), (choice, line))
        rows.append(BallotRow(unit, owner, area, choice, how, line))
    return Parsed(rows, errors)


def _cell(cells: list, index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    value = cells[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's 101.0 is unit 101
    return str(value).strip()


def _columns(header: list[str]) -> dict[str, int]:
    names = [str(h or "").strip().casefold() for h in header]
    col: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for alias in aliases:
            if alias.casefold() in names:
                col[key] = names.index(alias.casefold())
                break
    missing = [k for k in ("unit", "owner", "area_m2", "vote") if k not in col]
    if missing:
        raise InspectError(
            t(
                f"第 1 行表头缺少列：{', '.join(missing)}（应为 unit,owner,area_m2,vote[,cast]）",
                f"line 1: the header lacks {', '.join(missing)} (expected unit,owner,area_m2,vote[,cast])",
            )
        )
    return col


def _area(text: str) -> Fraction | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0:
        return None
    return Fraction(value)
