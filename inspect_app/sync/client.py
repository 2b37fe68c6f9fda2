"""The sync client: a profile and the central store, over HTTP (httpx).

One `sync()` does, in order: send photos the server lacks (resuming cut uploads), push the
outbox in batches (the server applies each change once, however often a batch is retried, and
its answer marks the changes sent or refused), pull what others changed in pages (each page
merged in one transaction with the new position), then fetch the photos those records need
(resuming cut downloads). Every loop is bounded; any failure leaves the profile consistent and
the next sync carries on from where this one stopped.
"""

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .. import logs
from ..core.i18n import t
from ..errors import InspectError
from ..store.remote import apply_remote, revert_refused
from ..store.store import Store, now_iso
from .reach import unreachable
from .recovery import check_server
from .recovery import finish as finish_recovery
from .recovery import hold as hold_refusal

PUSH_BATCH = 500
PULL_PAGE = 2000
CHUNK = 1 << 20
MAX_PAGES = 100_000
UPLOADS_AT_ONCE = 3
QUOTA_FULL = 413  # too big, or the central store holds as many unused photos of ours as it takes

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


class SyncError(InspectError):
    """Sync could not finish; the message says why in words. Nothing local was lost."""

    status: int = 0  # the central store's HTTP status, when it answered with a refusal


@dataclass
class SyncReport:
    pushed: int = 0
    refused: list[dict] = field(default_factory=list)  # {table, record_id, reason}
    pulled: int = 0
    uploaded: int = 0
    downloaded: int = 0
    missing_blobs: int = 0  # referenced photos the server does not have yet
    rejected: list[dict] = field(default_factory=list)  # pulled changes the wire schema refused
    restored: bool = False  # the central store was found restored from an older backup
    resent: int = 0  # changes it had acknowledged and lost, queued again (sync/recovery.py)
    held: int = 0  # changes it cannot take until other laptops re-send what they build on
    resent_tables: dict[str, int] = field(default_factory=dict)  # what was re-sent, per table

    def summary(self) -> str:
        from .recovery import restore_notice

        text = t(
            f"已发送 {self.pushed} 条，被拒 {len(self.refused)} 条，收到 {self.pulled} 条，"
            f"上传照片 {self.uploaded} 张，下载照片 {self.downloaded} 张",
            f"sent {self.pushed}, refused {len(self.refused)}, received {self.pulled}, "
            f"photos up {self.uploaded}, down {self.downloaded}",
        )
        if self.rejected:
            text += t(
                f"；{len(self.rejected)} 条收到的变更无法读取，已跳过",
                f"; {len(self.rejected)} received changes could not be read and were skipped",
            )
        notice = restore_notice(self)
        return f"{text}\n{notice}" if notice else text


def referenced_blobs(store: Store) -> list[str]:
    rows = store.db.execute(
        "SELECT sha256 FROM photos UNION SELECT image_sha256 FROM signatures"
        " UNION SELECT site_plan_sha256 FROM projects"
    ).fetchall()
    return sorted(r[0] for r in rows if r[0])


class SyncClient:
    def __init__(
        self,
        store: Store,
        server: str,
        user: str,
        password: Callable[[], str] | None = None,
        transport: httpx.BaseTransport | None = None,
        progress: Progress | None = None,
        timeout: float = 60,
    ):
        self.store = store
        self.server = server.rstrip("/")
        self.user = user
        self.password = password
        self.progress = progress or (lambda stage, done, total: None)
        self.http = httpx.Client(base_url=self.server, transport=transport, timeout=timeout)
        self._lock = threading.RLock()
        known = store.get_meta("sync.user")
        if known and known != user:
            raise SyncError(
                t(
                    f"该数据目录属于用户 {known}，不能以 {user} 同步。",
                    f"this profile belongs to {known}; it cannot sync as {user}",
                )
            )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> "SyncClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----- requests ------------------------------------------------------------------------

    def login(self) -> None:
        if self.password is None:
            raise SyncError(t("需要密码才能登录。", "a password is needed to sign in"))
        r = self._send(
            "POST", "/v1/login", auth=False, json={"name": self.user, "password": self.password()}
        )
        body = r.json()
        user = body["user"]
        with self.store.transaction():
            self.store.set_meta("sync.token", body["token"])
            self.store.set_meta("sync.server", self.server)
            self.store.set_meta("sync.user", self.user)
            self.store.set_meta("sync.user_id", user["id"])
            self.store.set_meta("sync.role", user["role"])
            if not self.store.actor:
                self.store.set_meta("user_id", user["id"])
        self.store.actor = self.store.get_meta("user_id") or user["id"]

    def _send(self, method: str, url: str, auth: bool = True, **kw) -> httpx.Response:
        extra = kw.pop("headers", None) or {}
        for attempt in range(2):
            headers = dict(extra)
            if auth:
                with self._lock:  # uploads run in a few threads; the profile is shared
                    token = self.store.get_meta("sync.token")
                    if not token:
                        self.login()
                        token = self.store.get_meta("sync.token")
                headers["Authorization"] = f"Bearer {token}"
            try:
                r = self.http.request(method, url, headers=headers, **kw)
            except httpx.TransportError as e:  # timeouts too: which address, what, what to check
                raise SyncError(unreachable(self.server, e)) from None
            if r.status_code == 401 and auth and attempt == 0:
                with self._lock:
                    if self.store.get_meta("sync.token") == token:
                        self.store.set_meta("sync.token", "")
                continue
            if r.status_code >= 400:
                try:
                    detail = r.json().get("detail")
                except ValueError:
                    detail = r.text[:200]
                if r.status_code == 401:
                    raise SyncError(t(f"登录失败：{detail}", f"sign-in failed: {detail}"))
                err = SyncError(
                    t(
                        f"服务器拒绝了请求（{r.status_code}）：{detail}",
                        f"the server refused ({r.status_code}): {detail}",
                    )
                )
                err.status = r.status_code
                raise err
            return r
        raise SyncError(t("登录失败。", "sign-in failed"))

    # ----- the whole sync ------------------------------------------------------------------

    def sync(self) -> SyncReport:
        report = SyncReport()
        with logs.timed(log, f"sync with {self.server} as {self.user}") as figures:
            try:
                if not self.store.get_meta("sync.token"):
                    self.login()
                check_server(self, report)
                for stage in (self.upload_blobs, self.push, self.pull, self.download_blobs):
                    with logs.timed(log, f"sync: {stage.__name__}"):
                        stage(report)
                finish_recovery(self.store, report)
                with self.store.transaction():
                    self.store.set_meta("sync.last_success", now_iso())
            finally:
                figures.update(
                    pushed=report.pushed,
                    refused=len(report.refused),
                    pulled=report.pulled,
                    uploaded=report.uploaded,
                    downloaded=report.downloaded,
                    resent=report.resent,
                    held=report.held,
                )
        return report

    def push(self, report: SyncReport) -> None:
        total = self.store.pending_changes()
        after = 0  # each change is offered once per sync: a held one waits for the next
        for _ in range(total // PUSH_BATCH + 2):
            changes, after = pending_after(self.store, PUSH_BATCH, after)
            if not changes:
                return
            body = self._send("POST", "/v1/push", json={"changes": changes}).json()
            record_receipt(self.store, body, report)
            self.progress("push", report.pushed + len(report.refused) + report.held, total)
        raise SyncError(t("待发送的变更没有减少，已停止。", "the outbox did not shrink; stopped"))

    def pull(self, report: SyncReport) -> None:
        for _ in range(MAX_PAGES):
            cursor = int(self.store.get_meta("sync.cursor") or 0)
            scope = self.store.get_meta("sync.scope") or ""
            body = self._send(
                "GET", "/v1/pull", params={"cursor": cursor, "scope": scope, "limit": PULL_PAGE}
            ).json()
            report.pulled += apply_remote(
                self.store, body["changes"], body["cursor"], body["scope"], report.rejected
            )
            self.progress("pull", report.pulled, 0)
            if not body["more"]:
                return
        raise SyncError(t("收取的页数超出上限。", "too many pages to pull; stopped"))

    # ----- photos --------------------------------------------------------------------------

    def upload_blobs(self, report: SyncReport) -> None:
        blobs = self.store.blobs
        if blobs is None:
            return
        known = {r[0] for r in self.store.db.execute("SELECT sha256 FROM sync_blobs")}
        todo = [s for s in referenced_blobs(self.store) if s not in known and blobs.has(s)]
        for i in range(0, len(todo), 1000):
            part = todo[i : i + 1000]
            body = self._send("POST", "/v1/blobs/missing", json={"sha256": part}).json()
            missing, partial = set(body["missing"]), body.get("partial", {})
            sends = [s for s in part if s in missing]
            # A few uploads at once: one's transfer overlaps another's check and flush to disk
            # on the server.
            with ThreadPoolExecutor(UPLOADS_AT_ONCE) as pool:
                futures = [
                    pool.submit(self._upload, s, blobs.path(s), partial.get(s, 0)) for s in sends
                ]
                full = False
                for n, future in enumerate(as_completed(futures)):
                    try:
                        future.result()
                    except SyncError as e:
                        if getattr(e, "status", None) != QUOTA_FULL:
                            raise
                        full = True  # push what is uploaded: that frees the quota for the rest
                        continue
                    report.uploaded += 1
                    self.progress("upload", i + len(part) - len(sends) + n + 1, len(todo))
            if full:
                log.warning("photo quota on the central store reached; the rest goes next sync")
                return
            self._mark_blobs(part)  # a sync killed before this asks /missing again: cheap

    def _upload(self, sha: str, path: Path, offset: int = 0) -> None:
        """Send one blob from `offset` (where a cut upload ended on the server)."""
        total = path.stat().st_size
        for _ in range(5):
            try:
                r = self._send(
                    "PUT",
                    f"/v1/blobs/{sha}",
                    params={"offset": offset, "total": total},
                    content=_read_from(path, offset),
                    headers={"Content-Type": "application/octet-stream"},
                )
            except SyncError:
                state = self._send("GET", f"/v1/blobs/{sha}/upload").json()
                if state["complete"]:
                    return
                if state["received"] == offset:
                    raise
                offset = state["received"]  # a part is already there: go on from its end
                continue
            if r.json()["complete"]:
                return
            offset = r.json()["received"]
        raise SyncError(
            t(f"照片 {sha[:12]} 上传未完成。", f"the upload of {sha[:12]} did not complete")
        )

    def _mark_blobs(self, shas: list[str]) -> None:
        at = now_iso()
        with self.store.transaction():
            self.store.db.conn.executemany(
                "INSERT OR IGNORE INTO sync_blobs VALUES (?, ?)", [(s, at) for s in shas]
            )

    def download_blobs(self, report: SyncReport) -> None:
        blobs = self.store.blobs
        if blobs is None:
            return
        todo = [s for s in referenced_blobs(self.store) if not blobs.has(s)]
        for n, sha in enumerate(todo):
            if self._download(sha):
                report.downloaded += 1
                self._mark_blobs([sha])
            else:
                report.missing_blobs += 1
            self.progress("download", n + 1, len(todo))

    def _download(self, sha: str) -> bool:
        """Fetch one blob, going on from a part left by a cut download; False if not there."""
        final = self.store.require_blobs().path(sha)
        part = final.parent / f".download-{sha}"
        final.parent.mkdir(parents=True, exist_ok=True)
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        token = self.store.get_meta("sync.token") or ""
        headers["Authorization"] = f"Bearer {token}"
        try:
            with self.http.stream("GET", f"/v1/blobs/{sha}", headers=headers) as r:
                if r.status_code == 404:
                    return False
                if r.status_code == 416:  # the part is already whole
                    pass
                elif r.status_code == 401:
                    self.store.set_meta("sync.token", "")
                    self.login()
                    return self._download(sha)
                elif r.status_code >= 400:
                    raise SyncError(
                        t(f"照片下载失败（{r.status_code}）", f"download failed ({r.status_code})")
                    )
                else:
                    mode = "ab" if r.status_code == 206 else "wb"
                    with open(part, mode) as f:
                        for chunk in r.iter_bytes(CHUNK):
                            f.write(chunk)
        except httpx.TransportError as e:
            raise SyncError(t(f"照片下载中断：{e}", f"a photo download was cut: {e}")) from None
        h = hashlib.sha256()
        with open(part, "rb") as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                h.update(chunk)
            os.fsync(f.fileno())
        if h.hexdigest() != sha:
            part.unlink()
            raise SyncError(
                t(
                    f"照片 {sha[:12]} 内容不符，已丢弃。",
                    f"blob {sha[:12]} did not match its hash; discarded",
                )
            )
        os.replace(part, final)
        return True


def pending(store: Store, limit: int) -> list[dict]:
    """The oldest changes the central store has not acknowledged, as sent."""
    return pending_after(store, limit)[0]


def pending_after(store: Store, limit: int, after: int = 0) -> tuple[list[dict], int]:
    """Unacknowledged changes after outbox position `after`, as sent; and the last position."""
    rows = list(
        store.db.query(
            "SELECT seq, change_id, table_name, record_id, op, fields, hlc, author, base_seq"
            " FROM outbox WHERE acked_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
            [after, limit],
        )
    )
    last = rows[-1]["seq"] if rows else after
    return [
        {
            "change_id": r["change_id"],
            "table": r["table_name"],
            "record_id": r["record_id"],
            "op": r["op"],
            "fields": json.loads(r["fields"]),
            "hlc": r["hlc"],
            "author": r["author"],
            "base_seq": r["base_seq"],
        }
        for r in rows
    ], last


def record_receipt(store: Store, body: dict, report: SyncReport) -> None:
    """The central store's answer to a push: accepted changes are marked sent; refused ones
    are marked with the reason and undone locally, in one transaction."""
    at = now_iso()
    with store.transaction():
        accepted = body["accepted"]
        for i in range(0, len(accepted), 500):
            part = accepted[i : i + 500]
            marks = ",".join("?" * len(part))
            report.pushed += store.db.execute(
                f"UPDATE outbox SET acked_at = ? WHERE acked_at IS NULL AND change_id IN ({marks})",
                [at, *part],
            ).rowcount
        for ref in body["refused"]:
            row = next(
                store.db.query(
                    "SELECT * FROM outbox WHERE change_id = ? AND acked_at IS NULL",
                    [ref["change_id"]],
                ),
                None,
            )
            if row is None:
                continue  # already recorded (a receipt read twice)
            if hold_refusal(store, row, ref):
                report.held += 1  # the restored server lacks what it builds on: next sync
                continue
            store.db.execute(
                "UPDATE outbox SET acked_at = ?, refused = ? WHERE change_id = ?",
                [at, ref["reason"], ref["change_id"]],
            )
            revert_refused(store, row, ref["state"], ref["reason"])
            report.refused.append(
                {"table": row["table_name"], "record_id": row["record_id"], "reason": ref["reason"]}
            )


def _read_from(path: Path, offset: int) -> Iterator[bytes]:
    with open(path, "rb") as f:
        f.seek(offset)
        yield from iter(lambda: f.read(CHUNK), b"")


def wait_for(url: str, seconds: float = 15) -> None:
    """Wait until a server answers its health check (tests, benchmarks)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise SyncError(f"no server at {url}")
