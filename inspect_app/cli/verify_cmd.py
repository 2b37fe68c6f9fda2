"""`inspect-app verify FILE.pdf`: does a printed report still match the store?

With `--data DIR` (or the default profile) it is checked against a laptop's profile; with
`--server URL` against the central store, for an office without the laptop (the PDF, or the id
and hash read off a paper with `--id` and `--hash`)."""

import argparse
from pathlib import Path

from ..core.i18n import t
from ..errors import InspectError
from ..store import Store


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "verify",
        help=t(
            "核验报告是否与存档记录及签名一致",
            "check a printed report against the records and signatures",
        ),
    )
    data_option(p)
    p.add_argument("file", type=Path, metavar="FILE.pdf", nargs="?")
    p.add_argument(
        "--server",
        metavar="URL",
        help=t("向中心服务器核验（无需本地数据）", "check against the central store"),
    )
    p.add_argument("--id", dest="report_id", metavar="REPORT_ID", help=t("报告ID", "report id"))
    p.add_argument("--hash", metavar="HASH", help=t("纸面上的 SHA-256", "the SHA-256 printed"))
    p.set_defaults(handler=run)


def run(args) -> int:
    if args.server:
        return _remote(args)
    if args.file is None or args.report_id or args.hash:
        raise InspectError(
            t(
                "用法：inspect-app verify 文件.pdf，或加 --server 地址（可用 --id 与 --hash 代替文件）",
                "usage: inspect-app verify FILE.pdf, or with --server URL (--id and --hash "
                "instead of a file)",
            )
        )
    from ..reports.verify import verify

    with Store.open(args.data) as store:
        v = verify(store, args.file)
    r = v.report
    print(
        t(
            f"报告 {r.number}（{r.kind}，报告ID {r.id}，出具于 {r.created_at}）",
            f"report {r.number} ({r.kind}, id {r.id}, issued {r.created_at})",
        )
    )
    for line in v.notes:
        print(f"  · {line}")
    for line in v.problems:
        print(f"  ✗ {line}")
    if v.ok:
        print(
            t(
                "核验通过：报告与存档记录及签名一致。",
                "OK: the report matches the stored records and signatures.",
            )
        )
        return 0
    print(
        t(
            "核验不通过：报告与当前记录不一致。",
            "FAILED: the report no longer matches the stored records.",
        )
    )
    return 1


def _remote(args: argparse.Namespace) -> int:
    import httpx

    from ..reports.verify import read_ids

    if args.file is not None:
        if args.report_id or args.hash:
            raise InspectError(
                t("请给出文件，或 --id 与 --hash，不要同时给。", "give a file or --id and --hash")
            )
        if not args.file.is_file():
            raise InspectError(t(f"文件不存在：{args.file}", f"no such file: {args.file}"))
        data = args.file.read_bytes()
        report_id, digest = read_ids(args.file, data)[0]  # the metadata's, else the pages'
    elif args.report_id and args.hash:
        report_id, digest = args.report_id.strip(), args.hash.strip().lower()
        data = None
    else:
        raise InspectError(
            t("请给出文件，或同时给出 --id 与 --hash。", "give a file, or both --id and --hash")
        )
    url = f"{args.server.rstrip('/')}/v/{report_id}.json"
    try:
        r = httpx.get(url, params={"hash": digest}, timeout=30)
    except httpx.HTTPError as e:
        raise InspectError(
            t(f"无法连接服务器 {args.server}：{e}", f"cannot reach {args.server}: {e}")
        ) from None
    if r.status_code == 429:
        raise InspectError(t("查询过于频繁，请稍后再试。", "too many checks; try again later"))
    if r.status_code not in (200, 404):
        raise InspectError(t(f"服务器答复 {r.status_code}", f"the server answered {r.status_code}"))
    answer = r.json()
    problems = _compare_file(data, answer) if data is not None else []
    return _print(answer, problems)


def _compare_file(data: bytes, answer: dict) -> list[str]:
    """The PDF against what the central store says was issued: byte for byte, else each page's
    text and drawing (reports/pages.py, as `verify --data` does)."""
    import hashlib

    from ..reports.pages import Unreadable, differences, read_pdf

    if answer.get("verdict") == "not_found":
        return []
    if hashlib.sha256(data).hexdigest() == answer.get("file_sha256"):
        return []
    if not answer.get("pages"):
        return [
            t(
                "文件与出具时的字节不同，且出具记录未保存各页内容，无法核对页面。",
                "the file's bytes differ from the one issued and no page text was kept",
            )
        ]
    try:
        return differences(answer["pages"], read_pdf(data))
    except Unreadable as e:
        return [str(e)]


VERDICTS = {
    "matches": ("与存档一致", "matches the record"),
    "changed": ("存档已更改", "the record has changed since"),
    "voided": ("签名已作废", "a signature is void"),
    "not_found": ("未找到", "not found"),
}


def _print(c: dict, problems: list[str]) -> int:
    zh, en = VERDICTS.get(c.get("verdict", ""), ("?", "?"))
    if c.get("verdict") == "not_found":
        print(
            t(
                f"{zh}：存档中没有报告 {c.get('report_id', '')}，或校验值不符"
                "（未同步的文件尚不可查；否则可能是伪造的）。",
                f"{en}: no report {c.get('report_id', '')} with this hash on the central store "
                "(not synced yet, or forged)",
            )
        )
        return 1
    print(
        t(
            f"{c['title_zh']} {c['number']} · {c['community']} · {c['organization']}"
            f" · 出具于 {c['issued_at']}（{c['time_zone']}）",
            f"{c['title_en']} {c['number']} · {c['community']} · {c['organization']}"
            f" · issued {c['issued_at']} ({c['time_zone']})",
        )
    )
    for s in c.get("signers", []):
        line = f"  · {s['name']}（{s['role']}）{s['org']} {s['at']}"
        if s.get("void_zh"):
            line += t(f" ✗ 已作废：{s['void_zh']}", f" ✗ void: {s['void_en']}")
        print(line)
    for ch in c.get("changes", []):
        print(
            "  ✗ "
            + t(f"已更改：{ch['label_zh']}", f"changed: {ch['label_en']}")
            + (f"（{ch['at']}）" if ch["at"] else "")
        )
    for line in problems:
        print(f"  ✗ {line}")
    if problems:
        print(
            t(
                "结论：文件本身与出具时不同（页面被改动）",
                "verdict: the file itself differs from the one issued",
            )
        )
        return 1
    print(t(f"结论：{zh}", f"verdict: {en}"))
    return 0 if c["verdict"] == "matches" else 1
