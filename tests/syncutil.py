"""A real central store on 127.0.0.1 for the sync tests, on SQLite or PostgreSQL."""

import os
import socket
import threading
import time
import uuid
from pathlib import Path

import argon2
import pytest
import uvicorn

from inspect_app.server import open_service
from inspect_app.server.app import create_app
from inspect_app.store import Store
from inspect_app.store.export import snapshot
from inspect_app.sync.client import SyncClient

PASSWORD = "correct horse battery"
PG_ENV = "INSPECT_TEST_PG"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_database() -> str:
    """A new, empty database in the test cluster; its URL."""
    import psycopg

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL for this run (./dev test starts one)")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + f"/{name}"


class ServerThread:
    """uvicorn serving the central store in a thread of the test process."""

    def __init__(self, data: Path, database: str | None = None, blobs: str | None = None):
        # Cheap argon2 parameters: the tests sign in often; the server's defaults are stronger.
        hasher = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        self.service, self.blobs = open_service(data, database, hasher, blobs)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(self.service, self.blobs),
            host="127.0.0.1",
            port=self.port,
            log_level="error",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def add_user(self, name, role, org):
        return self.service.add_user(name, role, org, PASSWORD)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.service.db.close()


def backend_params():
    return ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def start_server(tmp_path: Path, backend: str, blobs: str | None = None) -> ServerThread:
    database = postgres_database() if backend == "postgres" else None
    return ServerThread(tmp_path / "server", database, blobs)


def client(path: Path, server: ServerThread, user: str, transport=None) -> SyncClient:
    store = Store.open(path, create=True)
    return SyncClient(store, server.url, user, lambda: PASSWORD, transport=transport)


def sync(path: Path, server: ServerThread, user: str, transport=None):
    c = client(path, server, user, transport)
    try:
        return c.sync()
    finally:
        c.close()
        c.store.close()


def export_of(path: Path) -> dict:
    with Store.open(path) as s:
        return snapshot(s)


class Flaky:
    """An httpx transport that fails on purpose, one plan step per request.

    ok: pass; drop: fail before the server sees it; lose: the server handles it, the answer
    is lost; cut: an upload's body is cut in half, then the connection fails.
    """

    def __init__(self, plan=()):
        import httpx

        self.httpx = httpx
        self.inner = httpx.HTTPTransport()
        self.plan = list(plan)
        self.log: list[tuple[str, str, str]] = []

    def handle_request(self, request):
        httpx = self.httpx
        mode = self.plan.pop(0) if self.plan else "ok"
        self.log.append((mode, request.method, request.url.path))
        if mode == "drop":
            raise httpx.ConnectError("injected: no connection", request=request)
        if mode == "cut" and request.method == "PUT":
            body = b"".join(request.stream)
            headers = {
                k: v
                for k, v in request.headers.items()
                if k.lower() not in ("content-length", "transfer-encoding")
            }
            short = httpx.Request(
                "PUT", request.url, headers=headers, content=body[: len(body) // 2]
            )
            self.inner.handle_request(short).read()
            raise httpx.WriteError("injected: upload cut", request=request)
        response = self.inner.handle_request(request)
        if mode in ("lose", "cut"):
            response.read()
            response.close()
            raise httpx.ReadError("injected: answer lost", request=request)
        return response

    def close(self):
        self.inner.close()


def transport(plan=()):
    import httpx

    class _T(httpx.BaseTransport):
        def __init__(self):
            self.flaky = Flaky(plan)

        def handle_request(self, request):
            return self.flaky.handle_request(request)

        def close(self):
            self.flaky.close()

    return _T()
