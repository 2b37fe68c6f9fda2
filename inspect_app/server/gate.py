"""What the central store checks before it reads a request's body (plain ASGI, in front of the
FastAPI app): the credentials, then the body's size as it streams in.

A request that needs a sign-in and carries no valid token is answered 401 without reading a
byte of its body, so an anonymous client cannot make the server hold hundreds of megabytes. A
body is capped per endpoint whether or not it declares its length (chunked bodies are counted
as they arrive): a declared length over the cap is refused at once, a streamed one as soon as
it passes the cap. JSON bodies are read here, within the cap, and handed on; a photo upload
streams straight through, counted.
"""

import anyio
from starlette.responses import JSONResponse

from ..core.i18n import t
from ..errors import InspectError
from .service import AuthError

KB, MB = 1024, 1024 * 1024
JSON_LIMIT = 32 * MB  # a push batch
CHUNK_LIMIT = 64 * MB  # one upload request
OPEN_PATHS = frozenset({"/v1/health", "/v1/login"})  # no sign-in needed
ACCOUNT_KEY = "inspect_app.account"  # where the gate leaves the signed-in account in the scope


class BodyTooLarge(InspectError):
    """A body that streamed past its endpoint's cap."""

    def __init__(self, limit: int):
        super().__init__(t("请求体太大。", f"the request body is larger than {limit} bytes"))
        self.limit = limit


def body_limit(method: str, path: str) -> int:
    """The most bytes a request to `path` may carry."""
    if method == "PUT" and path.startswith("/v1/blobs/"):
        return CHUNK_LIMIT
    if path == "/v1/push":
        return JSON_LIMIT
    if path in ("/v1/blobs/missing", "/v1/changes/known"):  # up to 5000 hashes or ids
        return 1 * MB
    return 64 * KB  # sign-in, and everything that takes no body


def _answer(status: int, detail: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


class Gate:
    def __init__(self, app, authenticate):
        self.app = app
        self.authenticate = authenticate  # token -> Account, or AuthError

    def __getattr__(self, name):  # .openapi(), .routes … for tools given the app
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        method, path = scope["method"], scope["path"]
        limit = body_limit(method, path)
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _answer(413, str(BodyTooLarge(limit)))(scope, receive, send)
        if path.startswith("/v1/") and path not in OPEN_PATHS:
            auth = headers.get(b"authorization", b"").decode("latin-1")
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                detail = t("需要登录。", "sign in first (Authorization: Bearer …)")
                return await _answer(401, detail)(scope, receive, send)
            try:
                account = await anyio.to_thread.run_sync(self.authenticate, token.strip())
            except AuthError as e:
                return await _answer(401, str(e))(scope, receive, send)
            scope = {**scope, ACCOUNT_KEY: account}
        if method == "PUT" and path.startswith("/v1/blobs/"):
            return await self.app(scope, _counted(receive, limit), send)
        try:
            body = await _read(receive, limit)
        except BodyTooLarge as e:
            return await _answer(413, str(e))(scope, receive, send)
        return await self.app(scope, _replay(body, receive), send)


async def _read(receive, limit: int) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as Starlette expects

    return replay


def _counted(receive, limit: int):
    size = 0

    async def counted():
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge(limit)
        return message

    return counted
