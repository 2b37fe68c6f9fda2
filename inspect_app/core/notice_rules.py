"""Who a supervision notice goes to, who signs it, and when works must stop (GB/T 50319-2013).

- A hazard that pre-dates the works (the survey found it on the existing facilities: a main
  under an illegal structure, an over-age gas meter, a resident's altered pipe) is not the
  building contractor's to fix: the notice goes to the utility operator responsible
  (专业经营单位) or to the street (街道/社区).
- A 监理通知单 (A.0.3) is signed by the 总监理工程师 or a 专业监理工程师; a 工程暂停令 (A.0.5) only
  by the 总监理工程师, and only for a 重大 hazard.
"""

from .i18n import pick, t
from .model import OrgKind, Severity

NOTICE = "notice"  # 监理通知单
STOP = "stop"  # 工程暂停令
FORMS = (NOTICE, STOP)
NUMBER_PREFIX = {NOTICE: "ZG", STOP: "TG"}

CHIEF = "总监理工程师"
SPECIALIST = "专业监理工程师"
SIGNER_TITLES = {CHIEF: "Chief supervising engineer", SPECIALIST: "Specialist supervising engineer"}

# Who may be sent a notice for a hazard that pre-dates the works.
EXISTING_HAZARD_ADDRESSEES = frozenset({OrgKind.UTILITY, OrgKind.STREET})


def addressee_problem(title: str, pre_existing: bool, org_kind: OrgKind | str) -> str:
    """Why a defect cannot be put on a notice to an organization of this kind ("" when it can)."""
    if pre_existing and org_kind not in EXISTING_HAZARD_ADDRESSEES:
        return t(
            f"“{title}”是改造前既有的隐患，应通知负责的专业经营单位或街道/社区，不能发给施工单位。",
            f"“{title}” pre-dates the works: notify the utility operator responsible or the "
            "street, not the contractor",
        )
    return ""


def form_problem(form: str, signer_title: str, severities: list[Severity | str]) -> str:
    """Why a notice of this form cannot be issued as asked ("" when it can)."""
    if form not in FORMS:
        return t(f"未知的通知类型 {form!r}", f"unknown notice form {form!r}")
    if signer_title not in SIGNER_TITLES:
        return t(
            "请注明签发人是总监理工程师还是专业监理工程师。",
            "say whether the chief or a specialist supervising engineer signs",
        )
    if form == STOP:
        if signer_title != CHIEF:
            return t("工程暂停令只能由总监理工程师签发。", "only the chief engineer may stop works")
        if not any(s == Severity.MAJOR for s in severities):
            return t(
                "工程暂停令只用于需要停工处理的重大隐患。",
                "a stop order is for a major hazard that needs the works stopped",
            )
    return ""


def signer_title_name(title: str, lang: str) -> str:
    return pick(title, SIGNER_TITLES.get(title, title), lang)
