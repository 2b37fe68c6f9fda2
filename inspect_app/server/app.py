"""The HTTP face of the central store (FastAPI; the OpenAPI description is at /openapi.json).

Every request but login and health carries `Authorization: Bearer <token>`. Errors come back as
`{"detail": "<message in words>"}` with a 4xx status; nothing is changed by a refused request.
"""

import asyncio
import hashlib
import logging
import re
from contextlib import asynccontextmanager
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel, Field
from starlette.requests import ClientDisconnect

from .. import __version__
from ..core.i18n import t
from ..core.model import Role
from ..errors import InspectError
from ..wire.change import HLC_MAX, ID_MAX
from ..wire.changes import text_problem
from ..wire.limits import MAX_BATCH, MAX_PAGE, MAX_SHA_QUERY
from . import accounts, generation, journal, uploads, verify_page
from .access import Account
from .blobs import SHA, Blobs, UploadError
from .db import DatabaseBusy
from .gate import ACCOUNT_KEY, BodyTooLarge, Gate
from .service import AuthError, ProtocolError, SyncService, TooManyAttempts

log = logging.getLogger("inspect_app.server")
SWEEP_EVERY = 3600  # seconds between sweeps of unused photos and cut uploads
ShaPath = Annotated[str, PathParam(pattern=SHA.pattern, description="SHA-256 of the bytes, hex")]
Scalar = str | bool | int | float | None  # bool first: true stays true, the wire schema decides


def _clean(value: str) -> str:
    if problem := text_problem(value):
        raise ValueError(problem)
    return value


def _printable(value) -> str:
    return str(value)[:300].encode("utf-8", "backslashreplace").decode("utf-8")


class Credentials(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_clean)]
    password: Annotated[str, Field(min_length=1, max_length=1024), AfterValidator(_clean)]


class NewPassword(BaseModel):
    old: Annotated[str, Field(min_length=1, max_length=1024), AfterValidator(_clean)]
    new: Annotated[str, Field(min_length=1, max_length=1024), AfterValidator(_clean)]


class Done(BaseModel):
    ok: bool = True


class Forbidden(InspectError):
    """A request the signed-in user's role may not make (403)."""


class UserOut(BaseModel):
    id: str
    name: str
    role: str
    org_id: str


class TokenOut(BaseModel):
    token: str
    expires_at: float
    user: UserOut


class ChangeIn(BaseModel):
    change_id: str = Field(max_length=ID_MAX)
    table: str = Field(max_length=ID_MAX)
    record_id: str = Field(max_length=ID_MAX)
    op: Literal["upsert", "delete"]
    fields: dict[str, Scalar]
    hlc: str = Field(max_length=HLC_MAX)
    author: str = Field(max_length=ID_MAX)
    base_seq: int | None = None


class PushIn(BaseModel):
    changes: list[ChangeIn] = Field(max_length=MAX_BATCH)


class Refusal(BaseModel):
    change_id: str
    reason: str
    state: dict | None
    missing: bool = False  # the server lacks the record or what it refers to (after a restore)


class PushOut(BaseModel):
    accepted: list[str]
    refused: list[Refusal]


class ChangeOut(BaseModel):
    seq: int
    change_id: str
    table: str
    record_id: str
    op: str
    fields: dict[str, Scalar]
    hlc: str
    author: str


class PullOut(BaseModel):
    changes: list[ChangeOut]
    cursor: int
    more: bool
    scope: str


class ShaList(BaseModel):
    sha256: list[Annotated[str, Field(pattern=SHA.pattern)]] = Field(max_length=MAX_SHA_QUERY)


class Missing(BaseModel):
    missing: list[str]
    partial: dict[str, int] = {}  # sha -> bytes of a cut upload already held: resume there


class UploadState(BaseModel):
    complete: bool
    received: int


def _range_start(header: str) -> int | None:
    """N of `bytes=N-` (the only range a laptop asks for: the rest of a cut download)."""
    m = re.fullmatch(r"bytes=(\d{1,15})-", header.strip())
    return int(m.group(1)) if m else None


def create_app(service: SyncService, blobs: Blobs) -> Gate:
    @asynccontextmanager
    async def lifespan(app):
        async def sweeper():  # unused photos and cut uploads, at start and then hourly
            while True:
                try:
                    await asyncio.to_thread(uploads.sweep, service.db, blobs)
                except Exception:
                    log.exception("the sweep of unused photos failed")
                await asyncio.sleep(SWEEP_EVERY)

        task = asyncio.create_task(sweeper())
        yield
        task.cancel()

    app = FastAPI(
        lifespan=lifespan,
        title="inspect-app central store",
        version=__version__,
        description="Sync protocol for inspect-app profiles: push, pull, photos by SHA-256.",
    )
    bearer = HTTPBearer(auto_error=False)

    def account(
        request: Request, cred: HTTPAuthorizationCredentials | None = Depends(bearer)
    ) -> Account:
        if ACCOUNT_KEY in request.scope:  # the gate checked the token before the body
            return request.scope[ACCOUNT_KEY]
        if cred is None:
            raise AuthError(t("需要登录。", "sign in first (Authorization: Bearer …)"))
        return service.authenticate(cred.credentials)

    app.include_router(generation.router(service.db, account))  # restore detection
    app.include_router(verify_page.router(service.db))  # 扫码验真: /v/<report id>, no sign-in

    @app.exception_handler(InspectError)
    async def _inspect_error(request: Request, exc: InspectError):
        if isinstance(exc, AuthError):
            status = 401
        elif isinstance(exc, UploadError):
            status = exc.status
        elif isinstance(exc, ProtocolError):
            status = 422
        elif isinstance(exc, BodyTooLarge):
            status = 413
        elif isinstance(exc, Forbidden):
            status = 403
        elif isinstance(exc, DatabaseBusy):
            status = 503
        else:
            status = 400
        body: dict[str, str | int] = {"detail": str(exc)}
        if isinstance(exc, UploadError):
            body["received"] = exc.received
        if isinstance(exc, TooManyAttempts):
            return JSONResponse(
                body, status_code=429, headers={"Retry-After": str(exc.retry_after)}
            )
        return JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        # Where and why, never the input itself: it may not even encode (a lone surrogate).
        errors = [
            {"loc": [_printable(p) for p in e.get("loc", ())][:8], "msg": _printable(e["msg"])}
            for e in exc.errors()[:20]
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _server_error(request: Request, exc: Exception):
        journal.error("server error", exc, method=request.method, path=request.url.path)
        detail = t("服务器内部错误，已记录。", "an error on the server; it has been logged")
        return JSONResponse({"detail": detail}, status_code=500)

    @app.get("/v1/health")
    def health() -> dict:
        return {"ok": True, "version": __version__}

    @app.post(
        "/v1/login",
        responses={
            401: {"description": "wrong name or password"},
            429: {"description": "too many failures: wait Retry-After seconds"},
        },
    )
    def login(body: Credentials, request: Request) -> TokenOut:
        address = request.client.host if request.client else ""
        return TokenOut(**service.login(body.name, body.password, address))

    @app.post("/v1/logout", responses={401: {}})
    def logout(
        acct: Account = Depends(account),
        cred: HTTPAuthorizationCredentials | None = Depends(bearer),
    ) -> Done:
        """End this sign-in: the token stops working."""
        accounts.logout(service.db, acct, cred.credentials if cred else "")
        return Done()

    @app.post("/v1/password", responses={401: {}, 400: {}})
    def password(body: NewPassword, acct: Account = Depends(account)) -> Done:
        """Change your own password (the current one first); every sign-in ends."""
        service.change_password(acct, body.old, body.new)
        return Done()

    @app.post("/v1/users/{name}/{action}", responses={401: {}, 403: {}, 400: {}})
    def manage(
        name: Annotated[str, PathParam(max_length=64)],
        action: Literal["disable", "enable", "revoke"],
        acct: Account = Depends(account),
    ) -> Done:
        """An administrator disables or enables an account, or ends its sign-ins."""
        if acct.role != Role.ADMIN:
            raise Forbidden(t("只有管理员可以管理账号。", "only an admin manages accounts"))
        if action == "revoke":
            accounts.revoke(service.db, name, by=acct.name)
        else:
            accounts.set_disabled(service.db, name, action == "disable", by=acct.name)
        return Done()

    @app.post("/v1/push", responses={401: {}, 422: {}})
    def push(body: PushIn, acct: Account = Depends(account)) -> PushOut:
        return PushOut(**service.push(acct, [c.model_dump() for c in body.changes]))

    @app.get("/v1/pull", responses={401: {}})
    def pull(
        acct: Account = Depends(account),
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        scope: Annotated[str, Query(max_length=80)] = "",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
    ) -> PullOut:
        return PullOut(**service.pull(acct, cursor, scope, limit))

    @app.post("/v1/blobs/missing", responses={401: {}})
    def missing(body: ShaList, acct: Account = Depends(account)) -> Missing:
        missing = [s for s in dict.fromkeys(body.sha256) if not blobs.has(s)]
        partial = {s: n for s in missing if (n := blobs.received(s))}
        return Missing(missing=missing, partial=partial)

    @app.get("/v1/blobs/{sha}/upload", responses={401: {}})
    def upload_state(sha: ShaPath, acct: Account = Depends(account)) -> UploadState:
        if blobs.has(sha):
            return UploadState(complete=True, received=0)
        return UploadState(complete=False, received=blobs.received(sha))

    @app.put(
        "/v1/blobs/{sha}",
        responses={401: {}, 409: {}, 413: {}, 422: {}},
        openapi_extra={
            "requestBody": {
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                }
            }
        },
    )
    async def upload(
        sha: ShaPath,
        request: Request,
        acct: Account = Depends(account),
        offset: Annotated[int, Query(ge=0, le=2**40)] = 0,
        total: Annotated[int, Query(ge=0, le=2**40)] = 0,
    ) -> UploadState:
        """Append bytes at `offset` of the blob's upload; `total` is the blob's full size."""
        if await asyncio.to_thread(blobs.has, sha):
            return UploadState(complete=True, received=0)
        await asyncio.to_thread(uploads.check_quota, service.db, acct.id, total - offset)
        f = await asyncio.to_thread(blobs.open_part, sha, offset, total)
        # Hash while receiving when the upload starts at 0 (the usual case): no second read.
        digest = hashlib.sha256() if offset == 0 else None
        buffer = bytearray()

        def flush(data: bytes) -> None:  # in a worker thread, a megabyte at a time
            f.write(data)
            if digest is not None:
                digest.update(data)

        try:
            written = offset
            async for chunk in request.stream():
                written += len(chunk)
                if written > total:
                    raise UploadError(
                        t("上传内容超过声明的大小。", "more bytes than `total` says"), 422
                    )
                buffer += chunk
                if len(buffer) >= 1 << 20:
                    await asyncio.to_thread(flush, bytes(buffer))
                    buffer.clear()
        except ClientDisconnect:
            pass  # keep what arrived; the client resumes from there
        finally:
            try:
                if buffer:
                    await asyncio.to_thread(flush, bytes(buffer))
            finally:
                await asyncio.to_thread(f.close)  # S3: stores what arrived as one piece
        known = digest.hexdigest() if digest is not None else None
        complete = await asyncio.to_thread(blobs.finish, sha, total, known)
        if complete:
            await asyncio.to_thread(uploads.record_upload, service.db, sha, acct.id, total)
        held = 0 if complete else await asyncio.to_thread(blobs.received, sha)
        return UploadState(complete=complete, received=held)

    @app.get("/v1/blobs/{sha}", responses={401: {}, 404: {}}, response_class=FileResponse)
    def download(sha: ShaPath, request: Request, acct: Account = Depends(account)):
        if not blobs.has(sha) or not service.may_read_blob(acct, sha):
            return JSONResponse({"detail": t("没有这张照片。", "no such blob")}, status_code=404)
        local = blobs.local_path(sha)
        if local is not None:
            return FileResponse(local, media_type="application/octet-stream")
        # In a bucket: passed through as it arrives; `Range: bytes=N-` goes on from N.
        size = blobs.size(sha)
        start = _range_start(request.headers.get("range", ""))
        if start is None or start >= size:
            return StreamingResponse(
                blobs.chunks(sha),
                media_type="application/octet-stream",
                headers={"Content-Length": str(size), "Accept-Ranges": "bytes"},
            )
        return StreamingResponse(
            blobs.chunks(sha, start),
            status_code=206,
            media_type="application/octet-stream",
            headers={
                "Content-Length": str(size - start),
                "Content-Range": f"bytes {start}-{size - 1}/{size}",
            },
        )

    return Gate(app, service.authenticate)
