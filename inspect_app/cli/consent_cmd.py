"""`inspect-app consent`: tally a ballot sheet under Civil Code art. 278, or import it into a
project's vote."""

import json
import sys
from pathlib import Path

from ..ballot_files import read_ballots
from ..core.i18n import t
from ..core.model import Project, Vote, VotePurpose
from ..core.votes import Matter, Tally, pct, tally, thresholds
from ..errors import InspectError
from ..store import Store
from ..store import lifecycle as lc


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "consent", help=t("业主表决（民法典第二百七十八条）", "owners' votes (art. 278)")
    )
    data_option(p)
    cmds = p.add_subparsers(dest="consent_command", metavar="ACTION", required=True)

    tp = cmds.add_parser("tally", help=t("统计表决结果", "tally a ballot sheet"))
    data_option(tp)
    tp.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    tp.add_argument(
        "--matter",
        choices=[m.value for m in Matter],
        required=True,
        help=t(
            "major：筹集维修资金、改建重建、改变共有部分用途；ordinary：其他事项",
            "major: raising funds, rebuilding/altering, changing use; ordinary: the rest",
        ),
    )
    tp.add_argument(
        "--project",
        metavar="ID",
        help=t("按该项目设定的（提高的）表决比例统计", "use this project's (raised) thresholds"),
    )
    tp.add_argument("--json", action="store_true")
    tp.add_argument(
        "--pdf", type=Path, metavar="OUT", help=t("打印计票单", "print the tally sheet")
    )
    tp.set_defaults(handler=run_tally)

    ip = cmds.add_parser(
        "import", help=t("把表决表导入项目", "import a ballot sheet into a project")
    )
    data_option(ip)
    ip.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    ip.add_argument("--project", required=True, metavar="ID")
    ip.add_argument("--purpose", choices=[p.value for p in VotePurpose], required=True)
    ip.add_argument("--matter", choices=[m.value for m in Matter])
    ip.add_argument("--subject", default="")
    ip.add_argument("--vote", metavar="ID", help=t("追加到已有表决", "add to an existing vote"))
    ip.set_defaults(handler=run_import)  # fmt: skip


def _project_settings(args) -> tuple[dict, Project | None]:
    if not args.project:
        return {}, None
    with Store.open(args.data) as store:
        project = store.get(Project, args.project)
    return project.settings, project


def run_tally(args) -> int:
    if args.pdf and not args.project:
        # A printed sheet is issued for a community, so it syncs and verifies like any report.
        raise InspectError(
            t(
                "打印计票单需指定小区：--project ID",
                "a printed tally sheet belongs to a community: give --project ID",
            )
        )
    parsed = read_ballots(args.file)
    settings, project = _project_settings(args)
    result = tally(parsed.rows, thresholds(args.matter, settings))
    for e in parsed.errors:
        print(f"{args.file}: {e}", file=sys.stderr)
    if args.json:
        out = result.as_dict()
        out["matter"] = args.matter
        out["errors"] = parsed.errors
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(tally_text(result, Matter(args.matter)))
    if args.pdf:
        from ..reports.tally import tally_sheet

        title = t("业主表决计票单", "Owners' vote tally")
        assert project is not None  # --pdf needs --project: checked above
        with Store.open(args.data) as store:  # the sheet is issued from the profile: verifiable
            record = tally_sheet(
                store, args.pdf, result, Matter(args.matter), parsed.rows, title=title,
                community=project.name, source=args.file.name,
                project=project,
            )  # fmt: skip
        note = t(
            f"计票单已保存：{args.pdf}（编号 {record.number}，报告ID {record.id}）",
            f"tally sheet written to {args.pdf} (No. {record.number}, report id {record.id})",
        )
        print(note, file=sys.stderr if args.json else sys.stdout)
    return 1 if parsed.errors else 0


def tally_text(r: Tally, matter: Matter) -> str:
    th = r.thresholds
    ok = lambda b: t("✓ 达到", "✓ met") if b else t("✗ 未达到", "✗ not met")  # noqa: E731
    rel = t("超过", "more than") if th.strict else t("不少于", "at least")
    matter_name = t("重大事项（第二百七十八条第六至八项）", "major matter (items 6-8)") if matter == Matter.MAJOR else t("一般事项", "ordinary matter")  # fmt: skip
    lines = [
        t(f"表决事项类别：{matter_name}", f"matter: {matter_name}"),
        t(f"业主 {r.total_head} 人，专有面积 {float(r.total_area):.2f} ㎡", f"{r.total_head} owners, {float(r.total_area):.2f} m² exclusive area"),
        t(f"同意 {r.yes_head} 人 / 反对 {r.no_head} 人 / 弃权 {r.abstain_head} 人 / 未参与 {r.total_head - r.part_head} 人",
          f"yes {r.yes_head} / no {r.no_head} / abstain {r.abstain_head} / absent {r.total_head - r.part_head}"),
        t(f"参与表决（面积）：{pct(r.participation_area)}，要求不少于 {th.quorum_area}（{pct(th.quorum_area)}）",
          f"participation by area: {pct(r.participation_area)}, needs at least {th.quorum_area} ({pct(th.quorum_area)})"),
        t(f"参与表决（人数）：{pct(r.participation_head)}，要求不少于 {th.quorum_head}（{pct(th.quorum_head)}）",
          f"participation by head: {pct(r.participation_head)}, needs at least {th.quorum_head} ({pct(th.quorum_head)})"),
        t(f"参与表决人数和面积：{ok(r.quorum_met)}", f"quorum: {ok(r.quorum_met)}"),
        t(f"同意（面积，占参与表决）：{pct(r.approval_area)}，要求{rel} {th.approval_area}（{pct(th.approval_area)}）",
          f"approval by area (of those taking part): {pct(r.approval_area)}, needs {rel} {th.approval_area} ({pct(th.approval_area)})"),
        t(f"同意（人数，占参与表决）：{pct(r.approval_head)}，要求{rel} {th.approval_head}（{pct(th.approval_head)}）",
          f"approval by head (of those taking part): {pct(r.approval_head)}, needs {rel} {th.approval_head} ({pct(th.approval_head)})"),
        t(f"表决结果：{'通过' if r.approved else '未通过'}", f"result: {'approved' if r.approved else 'not approved'}"),
        t(f"依据：{th.law}", f"rule: {th.law}"),
    ]  # fmt: skip
    return "\n".join(lines)


def run_import(args) -> int:
    parsed = read_ballots(args.file)
    for e in parsed.errors:
        print(f"{args.file}: {e}", file=sys.stderr)
    if parsed.errors:
        raise InspectError(
            t(
                f"表决表有 {len(parsed.errors)} 行错误，未导入任何选票；请修正后重试。",
                f"{len(parsed.errors)} bad rows: nothing was imported; fix them and try again",
            )
        )
    with Store.open(args.data) as store:
        project = store.get(Project, args.project)
        if args.vote:
            vote = store.get(Vote, args.vote)
            lc.record_ballots(store, vote, parsed.rows)
        else:
            vote = lc.new_vote(
                store, project.id, args.purpose, parsed.rows, args.matter, args.subject
            )
        result = lc.vote_tally(store, vote.id)
    print(t(f"已导入 {len(parsed.rows)} 张选票到表决 {vote.id}", f"imported {len(parsed.rows)} ballots into vote {vote.id}"))  # fmt: skip
    print(tally_text(result, Matter(vote.matter)))
    return 0
