"""Limits the central store sets before it reads a request: credentials before the body, a cap
on every body however it is sent, and sign-ins that cannot be guessed at for free."""

import select
import socket
import threading

import argon2
import httpx
import pytest
from syncutil import PASSWORD, ServerThread, backend_params, start_server

MB = 1024 * 1024


@pytest.fixture(params=backend_params())
def srv(request, tmp_path):
    s = start_server(tmp_path, request.param)
    s.add_user("wang", "supervisor", "华建监理")
    yield s
    s.stop()


def _chunked_post(port: int, path: str, token: str | None, most: int) -> tuple[bytes, int]:
    """POST a chunked body of up to `most` bytes, a megabyte at a time, stopping as soon as
    the server answers; the answer's first bytes, and how much was sent by then."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    head += "Content-Type: application/json\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    s.sendall((head + "\r\n").encode())
    chunk = b"%x\r\n" % MB + b"[" * MB + b"\r\n"
    sent = 0
    try:
        while sent < most:
            if select.select([s], [], [], 0)[0]:
                break
            s.sendall(chunk)
            sent += MB
        if sent >= most:
            s.sendall(b"0\r\n\r\n")
        s.settimeout(60)
        answer = s.recv(200)
    except (BrokenPipeError, ConnectionResetError):
        answer = s.recv(200)
    finally:
        s.close()
    return answer, sent


def test_an_anonymous_chunked_body_is_not_read(srv):
    answer, sent = _chunked_post(srv.port, "/v1/push", None, most=300 * MB)
    assert answer.startswith(b"HTTP/1.1 401"), answer
    assert sent < 32 * MB  # answered at the headers, long before the body's end
    answer, sent = _chunked_post(srv.port, "/v1/blobs/" + "a" * 64, "forged", most=300 * MB)
    assert answer.startswith(b"HTTP/1.1 401"), answer
    assert sent < 32 * MB


def test_a_chunked_body_past_the_cap_is_refused_as_it_streams(srv):
    token = httpx.post(f"{srv.url}/v1/login", json={"name": "wang", "password": PASSWORD})
    answer, sent = _chunked_post(srv.port, "/v1/push", token.json()["token"], most=120 * MB)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert sent < 100 * MB
    answer, sent = _chunked_post(srv.port, "/v1/login", None, most=120 * MB)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert sent < 32 * MB


def _login(srv, name, password, **kw):
    return httpx.post(f"{srv.url}/v1/login", json={"name": name, "password": password}, **kw)


def test_ten_failures_and_a_name_is_turned_away_for_a_while(tmp_path):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("wang", "supervisor", "华建监理")
        for _ in range(10):
            assert _login(srv, "wang", "guess").status_code == 401
        r = _login(srv, "wang", PASSWORD)  # even the right password, for now
        assert r.status_code == 429 and "too many" in r.json()["detail"]
        assert 0 < int(r.headers["Retry-After"]) <= 15 * 60
        # Some time later the name may try again (the window is moved, not waited for).
        srv.service.throttle.clock = lambda: __import__("time").monotonic() + 15 * 60 + 1
        assert _login(srv, "wang", PASSWORD).status_code == 200
    finally:
        srv.stop()


def test_ten_failures_from_one_address_turn_it_away_whatever_the_name(tmp_path):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("wang", "supervisor", "华建监理")
        for i in range(10):
            assert _login(srv, f"nobody{i}", "guess").status_code == 401
        r = _login(srv, "wang", PASSWORD)
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    finally:
        srv.stop()


class CountingHasher(argon2.PasswordHasher):
    def __init__(self):
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified = 0

    def verify(self, hash, password):
        self.verified += 1
        return super().verify(hash, password)


def test_an_unknown_name_costs_a_password_check_like_a_known_one(tmp_path):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("wang", "supervisor", "华建监理")
        srv.service.hasher = hasher = CountingHasher()
        assert _login(srv, "wang", "guess").status_code == 401
        assert hasher.verified == 1
        assert _login(srv, "nobody", "guess").status_code == 401
        assert hasher.verified == 2  # the same work: the answer time does not tell names apart
    finally:
        srv.stop()


def test_password_checks_do_not_wait_for_the_write_lock(srv):
    held, release = threading.Event(), threading.Event()

    def hold():
        with srv.service.db.connect(write=True):
            held.set()
            release.wait(60)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert held.wait(10)
        r = _login(srv, "wang", "guess", timeout=30)
        answered_while_held = not release.is_set()
        assert r.status_code == 401
        assert answered_while_held  # a guess is answered while someone's push holds the lock
    finally:
        release.set()
        t.join(10)
