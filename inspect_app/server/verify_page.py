"""扫码验真: the page a phone opens from a printed document's QR code, and its JSON twin.

`GET /v/<report id>` needs no sign-in. The QR code holds `<public base URL>/v/<id>#<hash>`:
the hash stays in the fragment, so it never reaches the server or a proxy's log, and the page
compares it without JavaScript: the verdict is drawn inside an element whose id is the hash
issued, shown only when it is the `:target` (the fragment the paper carries); any other hash
leaves the 未找到 block showing. The page holds the issued hash (as that id): whoever has the report id holds the paper,
which prints the hash, so nothing is given away. `?h=<hash>` (a scanner that drops fragments, the form at
the bottom) is checked on the server. `GET /v/<id>.json?hash=<hash>` answers
`inspect-app verify --server`.

Every check is logged (time, address, report id, verdict) in `verify_checks` and the server
log. Checks are throttled per client address with the sign-in throttle (server/throttle.py):
ten unknown ids or wrong hashes in its window, or `CHECK_LIMIT` checks of any kind, and the
address waits. Behind a reverse proxy the address is the proxy's X-Forwarded-For (uvicorn
trusts it from 127.0.0.1 by default).

The public base URL (`inspect-app server --public-url`) is kept in `server_settings`; laptops
read it from `/v1/state` when they sync and print it in every QR code from then on.
"""

import html
import logging
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from .db import Database
from .issued import CHANGED, DIGEST, MATCHES, NOT_FOUND, VOIDED, Check, check
from .throttle import WINDOW, Throttle

log = logging.getLogger("inspect_app.server.verify")

CHECK_LIMIT = 300  # checks per address in the throttle's window, found or not
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS server_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS verify_checks ("
    " id {serial}, at TEXT NOT NULL, address TEXT NOT NULL, report_id TEXT NOT NULL,"
    " verdict TEXT NOT NULL)",
)


def ensure(db: Database) -> None:
    serial = "BIGSERIAL PRIMARY KEY" if db.postgres else "INTEGER PRIMARY KEY AUTOINCREMENT"
    with db.connect(write=True) as conn:
        for statement in SCHEMA:
            conn.execute(statement.format(serial=serial))


def public_url(db: Database) -> str:
    with db.connect() as conn:
        row = conn.one("SELECT value FROM server_settings WHERE key = 'public_url'")
    return row[0] if row else ""


def set_public_url(db: Database, url: str) -> None:
    url = url.strip().rstrip("/")
    with db.connect(write=True) as conn:
        conn.execute(
            "INSERT INTO server_settings VALUES ('public_url', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [url],
        )


def checks(db: Database) -> list[tuple[str, str, str, str]]:
    """The log of checks, oldest first: (time, address, report id, verdict)."""
    with db.connect() as conn:
        return [
            tuple(r)
            for r in conn.all(
                "SELECT at, address, report_id, verdict FROM verify_checks ORDER BY id"
            )
        ]


# ----- the page ----------------------------------------------------------------------------

VERDICTS = {
    MATCHES: ("与存档一致", "Matches the record", "#1b7f3b"),
    CHANGED: ("存档已更改", "The record has changed since", "#b26a00"),
    VOIDED: ("签名已作废", "A signature is void", "#b3261e"),
    NOT_FOUND: ("未找到", "Not found", "#b3261e"),
}

CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;
margin:0;background:#f4f4f2;color:#1d1d1b;line-height:1.5;font-size:17px}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.05rem;margin:0 0 .75rem;color:#555}
.en{color:#5f5f5a;font-size:.85em}
.verdict{color:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.verdict b{display:block;font-size:1.7rem;letter-spacing:.05em}
.verdict .en,.verdict span{color:#fff;opacity:.92}.verdict div{margin-top:.5rem}
.card{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem}
dl{margin:0}dt{color:#5f5f5a;font-size:.85em;margin-top:.5rem}dd{margin:0;word-break:break-all}
ul{margin:.25rem 0 0;padding-left:1.2rem}li{margin:.25rem 0}
.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8em;word-break:break-all}
form{display:flex;gap:.5rem;flex-wrap:wrap}input{flex:1;min-width:12rem;font-size:1rem;padding:.4rem}
button{font-size:1rem;padding:.4rem .8rem}
.doc{display:none}.doc:target{display:block}.doc:target~.miss{display:none}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _both(zh: str, en: str) -> str:
    return f'{_e(zh)}<br><span class="en">{_e(en)}</span>'


def _verdict_block(verdict: str, detail_zh: str = "", detail_en: str = "") -> str:
    zh, en, colour = VERDICTS[verdict]
    detail = f"<div>{_both(detail_zh, detail_en)}</div>" if detail_zh else ""
    return (
        f'<section class="verdict" style="background:{colour}">'
        f"<b>{_e(zh)}</b><span>{_e(en)}</span>{detail}</section>"
    )


def _row(zh: str, en: str, value: str) -> str:
    return f"<dt>{_e(zh)} · {_e(en)}</dt><dd>{value}</dd>"


def _document(c: Check) -> str:
    if c.verdict == MATCHES:
        head = _verdict_block(
            MATCHES,
            "这份文件与存档记录一致" + ("，签名有效。" if c.signers else "。"),
            "This document matches the record held"
            + (", and its signatures hold." if c.signers else "."),
        )
    elif c.verdict == CHANGED:
        head = _verdict_block(
            CHANGED,
            "文件出具后，存档中以下内容被更改：",
            "Since this document was issued, the record changed:",
        )
    else:
        head = _verdict_block(
            VOIDED,
            "文件上至少有一个签名已不再有效：",
            "At least one signature on this document no longer holds:",
        )
    if c.changes and c.verdict != MATCHES:
        items = "".join(
            f"<li>{_both(ch.label_zh, ch.label_en)}"
            + (f' <span class="en">（{_e(ch.at)}）</span>' if ch.at else "")
            + "</li>"
            for ch in c.changes
        )
        head += (
            f'<section class="card"><b>{_e("更改之处")}</b> <span class="en">What changed'
            f"</span><ul>{items}</ul></section>"
        )
    signers = "".join(
        "<li>"
        + _e(f"{s.name}（{s.role}）")
        + (f"<br>{_e(s.org)}" if s.org else "")
        + (f'<br><span class="en">{_e(s.at)}</span>' if s.at else "")
        + (
            f'<br><b style="color:#b3261e">{_e("已作废：" + s.void_zh)}</b>'
            f'<br><span class="en">void: {_e(s.void_en)}</span>'
            if s.void_zh
            else ""
        )
        + "</li>"
        for s in c.signers
    )
    title = _both(c.title_zh, c.title_en)
    rows = (
        _row("文件", "Document", title)
        + _row("编号", "Number", _e(c.number))
        + _row("小区", "Community", _e(c.community))
        + _row("出具单位", "Issued by", _e(c.organization))
        + _row(
            "出具时间", "Issued at", f"{_e(c.issued_at)} <span class=en>({_e(c.time_zone)})</span>"
        )
        + _row("报告ID", "Report ID", f'<span class="mono">{_e(c.report_id)}</span>')
    )
    if signers:
        rows += _row("签名", "Signatures", f"<ul>{signers}</ul>")
    else:
        rows += _row("签名", "Signatures", _both("无", "none"))
    return head + f'<section class="card"><dl>{rows}</dl></section>'


def _miss(report_id: str, known: bool) -> str:
    if known:
        zh = (
            "网址中的校验值与存档不符（或没有校验值）：请扫描文件上的二维码；"
            "扫码后仍如此，这份文件可能是伪造或被涂改的。"
        )
        en = (
            "The hash in the address is not the one issued (or there is none): scan the "
            "paper's QR code; if it still says so, the paper may be forged or altered."
        )
    else:
        zh = (
            "存档中没有这个报告ID。若文件刚刚打印，出具它的电脑同步后即可查到；"
            "否则这份文件可能是伪造的。"
        )
        en = (
            "The record holds no report with this id. A document printed before its laptop "
            "synced is not known yet; otherwise it may be forged."
        )
    return _verdict_block(NOT_FOUND, zh, en) + (
        f'<section class="card">{_both("报告ID", "Report ID")}'
        f'<div class="mono">{_e(report_id)}</div></section>'
    )


def _form(report_id: str) -> str:
    return (
        '<section class="card"><form method="get">'
        f'<label for="h">{_both("手动输入文件上的 SHA-256 校验值", "Or type the SHA-256 on the paper")}'
        '</label><input id="h" name="h" inputmode="latin" autocomplete="off" '
        'pattern="[0-9a-fA-F]{64}"><button type="submit">核验 Check</button></form></section>'
    )


def page(c: Check, hash_in_query: bool) -> str:
    """The whole page for one check (the fragment decides what shows when no hash was sent)."""
    if c.verdict == NOT_FOUND:
        body = _miss(c.report_id, known=hash_in_query and bool(c.digest))
    elif hash_in_query:
        body = _document(c)
    else:
        # The hash is in the fragment: show the document only when it is the one issued.
        body = (
            f'<div class="doc" id="{_e(c.digest)}">{_document(c)}</div>'
            f'<div class="miss">{_miss(c.report_id, known=True)}</div>'
        )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>扫码验真 · Document check</title><style>{CSS}</style></head><body><main>"
        f"<h1>{_both('扫码验真 · 老旧小区改造检查文件', 'Document check · renovation inspection records')}</h1>"
        f"{body}{_form(c.report_id)}</main></body></html>"
    )


def _busy(wait: int) -> str:
    minutes = max(1, (wait + 59) // 60)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>请稍后再试</title><style>{CSS}</style></head><body><main>"
        f'<section class="card">{_both(f"查询过于频繁，请 {minutes} 分钟后再试。", f"Too many checks from this address; try again in {minutes} minutes.")}'
        "</section></main></body></html>"
    )


class Guard:
    """The throttle and the log around every check."""

    def __init__(self, db: Database):
        self.db = db
        self.misses = Throttle()  # unknown ids and wrong hashes, as failed sign-ins are counted
        self.all = Throttle(limit=CHECK_LIMIT, window=WINDOW)

    def wait(self, address: str) -> int:
        key = f"addr:{address}"
        return max(self.misses.wait(key), self.all.wait(key))

    def run(self, address: str, report_id: str, digest: str | None) -> Check:
        key = f"addr:{address}"
        with self.db.connect() as conn:
            c = check(conn, report_id, digest)
        self.all.failed(key)
        if c.verdict == NOT_FOUND:
            self.misses.failed(key)
        verdict = c.verdict if digest is not None or c.verdict == NOT_FOUND else c.verdict + "?"
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.connect(write=True) as conn:
            conn.execute(
                "INSERT INTO verify_checks (at, address, report_id, verdict) VALUES (?, ?, ?, ?)",
                [at, address[:64], c.report_id[:64], verdict],
            )
        log.info("document check from %s: %s %s", address or "?", c.report_id, verdict)
        return c


def router(db: Database) -> APIRouter:
    r = APIRouter()
    guard = Guard(db)

    def address(request: Request) -> str:
        return request.client.host if request.client else ""

    @r.get("/v/{report_id}.json", responses={429: {}})
    def check_json(report_id: str, request: Request, hash: str = ""):
        addr = address(request)
        wait = guard.wait(addr)
        if wait:
            log.warning("throttled document checks from %s", addr or "?")
            return JSONResponse(
                {"detail": f"too many checks; wait {wait} s"},
                status_code=429,
                headers={"Retry-After": str(wait)},
            )
        digest = hash.lower() if DIGEST.fullmatch(hash.lower()) else ("" if hash else None)
        c = guard.run(addr, report_id, digest)
        return JSONResponse(c.as_dict(), status_code=404 if c.verdict == NOT_FOUND else 200)

    @r.get("/v/{report_id}", response_class=HTMLResponse, responses={404: {}, 429: {}})
    def check_page(report_id: str, request: Request, h: str = ""):
        addr = address(request)
        wait = guard.wait(addr)
        headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
        if wait:
            log.warning("throttled document checks from %s", addr or "?")
            headers["Retry-After"] = str(wait)
            return HTMLResponse(_busy(wait), status_code=429, headers=headers)
        given = h.strip().lower()
        digest = given if given else None
        c = guard.run(addr, report_id, digest)
        status = 404 if c.verdict == NOT_FOUND else 200
        return HTMLResponse(page(c, digest is not None), status_code=status, headers=headers)

    return r
