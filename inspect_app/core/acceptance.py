"""The unit-project acceptance record of GB 50300-2013 Appendix H (table H.0.1-1), worked out
from the acceptance checklist's answers: its four rows and the 综合验收结论.

- 分部工程验收: the sub-divisions entered, how many accepted;
- 质量控制资料核查 (H.0.1-2), 安全和使用功能核查及抽查结果 (H.0.1-3): the items checked, how many
  conform; "not applicable" is not counted;
- 观感质量验收 (H.0.1-4): the points checked rated 好 / 一般 / 差; any 差 fails the row, most 好
  rates it 好, otherwise 一般.

The conclusion is 合格 only when every row is answered and passes, no party disagrees and no
open 重大 hazard is left that was not carried over with a reason; 不合格 when a row fails or a
party disagrees; otherwise 未完成 (the record cannot conclude yet). Nothing is assumed: an
unanswered row is never a pass.
"""

from dataclasses import dataclass, field

PASSED, FAILED, INCOMPLETE = "passed", "failed", "incomplete"
VERDICT_NAMES = {
    PASSED: ("合格", "Accepted"),
    FAILED: ("不合格", "Not accepted"),
    INCOMPLETE: ("未完成核查，不能作出结论", "Not complete: no conclusion yet"),
}
ROW_VERDICTS = {
    PASSED: ("合格", "Accepted"),
    FAILED: ("不合格", "Not accepted"),
    INCOMPLETE: ("未核查", "Not checked"),
}

# The checklist's items for each row (forms/acceptance.yaml, version 2).
QUALITY_RECORDS = (
    "qr_drawings", "qr_survey", "qr_materials", "qr_tests", "qr_concealed",
    "qr_construction", "qr_lots", "qr_accidents",
)  # fmt: skip
FUNCTION_CHECKS = (
    "fc_roof_water", "fc_windows", "fc_insulation_bond", "fc_water_supply", "fc_drainage",
    "fc_lighting", "fc_earthing", "fc_gas", "fc_fire",
)  # fmt: skip
APPEARANCE_CHECKS = (
    "ap_walls", "ap_roof", "ap_stairs", "ap_doors_windows", "ap_pipes", "ap_roads",
    "ap_lighting", "ap_barrier_free",
)  # fmt: skip


@dataclass
class Row:
    key: str
    name: tuple[str, str]  # 项目 (zh, en)
    record: tuple[str, str]  # 验收记录
    verdict: str  # PASSED / FAILED / INCOMPLETE
    verdict_name: tuple[str, str] = ("", "")

    def __post_init__(self) -> None:
        if not self.verdict_name[0]:
            self.verdict_name = ROW_VERDICTS[self.verdict]


@dataclass
class Record:
    rows: list[Row]
    verdict: str
    reasons: list[tuple[str, str]] = field(default_factory=list)  # why not 合格

    @property
    def verdict_name(self) -> tuple[str, str]:
        return VERDICT_NAMES[self.verdict]


def _subdivisions(answers: dict) -> Row:
    entries = [e for e in answers.get("subdivisions") or [] if isinstance(e, dict)]
    judged = [e for e in entries if e.get("subdivision_result") in ("pass", "fail")]
    ok = sum(1 for e in judged if e.get("subdivision_result") == "pass")
    name = ("分部工程验收", "Sub-divisions")
    if not judged:
        return Row("subdivisions", name, ("未录入分部工程", "No sub-division entered"), INCOMPLETE)
    n = len(judged)
    return Row(
        "subdivisions",
        name,
        (
            f"共 {n} 分部，经查符合设计及标准规定 {ok} 分部",
            f"{n} sub-divisions, {ok} as designed and specified",
        ),
        PASSED if ok == n else FAILED,
    )


def _checked(answers: dict, key: str, name: tuple[str, str], items: tuple[str, ...]) -> Row:
    values = [answers.get(i) for i in items]
    judged = [v for v in values if v in ("conform", "nonconform")]
    unanswered = sum(1 for v in values if v in (None, ""))
    ok = sum(1 for v in judged if v == "conform")
    if not judged or unanswered:
        left = (
            (f"，{unanswered} 项未核查", f"; {unanswered} not checked") if unanswered else ("", "")
        )
        record = (
            f"共核查 {len(judged)} 项，符合要求 {ok} 项{left[0]}",
            f"{len(judged)} checked, {ok} conform{left[1]}",
        )
        return Row(key, name, record, FAILED if ok < len(judged) else INCOMPLETE)
    n = len(judged)
    return Row(
        key,
        name,
        (f"共核查 {n} 项，符合要求 {ok} 项", f"{n} checked, {ok} conform"),
        PASSED if ok == n else FAILED,
    )


def _appearance(answers: dict) -> Row:
    values = [answers.get(i) for i in APPEARANCE_CHECKS]
    rated = [v for v in values if v in ("good", "fair", "poor")]
    unanswered = sum(1 for v in values if v in (None, ""))
    name = ("观感质量验收", "Appearance")
    good = sum(1 for v in rated if v == "good")
    fair = sum(1 for v in rated if v == "fair")
    poor = len(rated) - good - fair
    record = (
        f"共抽查 {len(rated)} 项，“好” {good} 项，“一般” {fair} 项，“差” {poor} 项",
        f"{len(rated)} points: {good} good, {fair} fair, {poor} poor",
    )
    if poor:
        return Row("appearance", name, record, FAILED, ("差", "Poor"))
    if not rated or unanswered:
        left = (f"，{unanswered} 项未检查", f"; {unanswered} not checked")
        return Row("appearance", name, (record[0] + left[0], record[1] + left[1]), INCOMPLETE)
    rating = ("好", "Good") if good * 2 > len(rated) else ("一般", "Fair")
    return Row("appearance", name, record, PASSED, rating)


def record(answers: dict, open_major: list[str] | None = None, draft: bool = False) -> Record:
    """Table H.0.1-1 from the answers. `open_major`: titles of open 重大 hazards not carried
    over; `draft`: the record is not submitted yet (it cannot conclude 合格)."""
    rows = [
        _subdivisions(answers),
        _checked(
            answers,
            "quality_records",
            ("质量控制资料核查", "Quality control records"),
            QUALITY_RECORDS,
        ),
        _checked(
            answers,
            "function_checks",
            ("安全和使用功能核查及抽查结果", "Safety and function checks and spot tests"),
            FUNCTION_CHECKS,
        ),
        _appearance(answers),
    ]
    reasons: list[tuple[str, str]] = []
    failed = [r for r in rows if r.verdict == FAILED]
    for r in failed:
        reasons.append((f"{r.name[0]}不合格", f"{r.name[1]}: not accepted"))
    disagree = [
        e
        for e in answers.get("parties") or []
        if isinstance(e, dict) and e.get("opinion") == "disagree"
    ]
    if disagree:
        reasons.append(
            (f"{len(disagree)} 个参加单位不同意验收", f"{len(disagree)} parties disagree")
        )
    if open_major:
        reasons.append(
            (
                f"{len(open_major)} 项重大隐患未销项且未办理转入保修",
                f"{len(open_major)} major hazards open and not carried over",
            )
        )
    incomplete = [r for r in rows if r.verdict == INCOMPLETE]
    for r in incomplete:
        reasons.append((f"{r.name[0]}未完成", f"{r.name[1]}: not complete"))
    if draft:
        reasons.append(("验收记录尚未提交（草稿）", "the record is still a draft"))
    if failed or disagree or open_major:
        verdict = FAILED
    elif incomplete or draft:
        verdict = INCOMPLETE
    else:
        verdict = PASSED
    return Record(rows, verdict, reasons)
