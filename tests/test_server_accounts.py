"""Accounts on the central store, over HTTP and from the command line: sign out, revoke,
disable, change a password; and the JSON log lines an operator reads."""

import contextlib
import json
import logging

import httpx
import pytest
from syncutil import PASSWORD, backend_params, start_server

NEW = "a much better passphrase"


@pytest.fixture(params=backend_params())
def srv(request, tmp_path):
    s = start_server(tmp_path, request.param)
    s.add_user("admin", "admin", "东城区住建委")
    s.add_user("wang", "supervisor", "华建监理")
    yield s
    s.stop()


def _login(srv, name, password=PASSWORD):
    return httpx.post(f"{srv.url}/v1/login", json={"name": name, "password": password})


def _token(srv, name, password=PASSWORD) -> str:
    r = _login(srv, name, password)
    assert r.status_code == 200, r.text
    return r.json()["token"]


def _pull(srv, token) -> int:
    return httpx.get(f"{srv.url}/v1/pull", headers={"Authorization": f"Bearer {token}"}).status_code


def _post(srv, path, token, **kw):
    return httpx.post(f"{srv.url}{path}", headers={"Authorization": f"Bearer {token}"}, **kw)


def test_sign_out_ends_that_sign_in_only(srv):
    a, b = _token(srv, "wang"), _token(srv, "wang")
    assert _post(srv, "/v1/logout", a).status_code == 200
    assert _pull(srv, a) == 401 and _pull(srv, b) == 200


def test_an_admin_revokes_disables_and_enables(srv):
    admin, wang = _token(srv, "admin"), _token(srv, "wang")
    assert _post(srv, "/v1/users/admin/disable", wang).status_code == 403
    assert _post(srv, "/v1/users/wang/revoke", admin).status_code == 200
    assert _pull(srv, wang) == 401
    wang = _token(srv, "wang")
    assert _post(srv, "/v1/users/wang/disable", admin).status_code == 200
    assert _pull(srv, wang) == 401  # at once
    r = _login(srv, "wang")
    assert r.status_code == 401 and "disabled" in r.json()["detail"]
    assert _login(srv, "wang", "wrong").json()["detail"] == "wrong user name or password"
    assert _post(srv, "/v1/users/wang/enable", admin).status_code == 200
    assert _pull(srv, _token(srv, "wang")) == 200
    assert _post(srv, "/v1/users/nobody/disable", admin).status_code == 400


def test_changing_ones_password_ends_every_sign_in(srv):
    a, b = _token(srv, "wang"), _token(srv, "wang")
    r = _post(srv, "/v1/password", a, json={"old": "wrong", "new": NEW})
    assert r.status_code == 401 and _pull(srv, a) == 200
    r = _post(srv, "/v1/password", a, json={"old": PASSWORD, "new": "short"})
    assert r.status_code == 400 and "8 characters" in r.json()["detail"]
    assert _post(srv, "/v1/password", a, json={"old": PASSWORD, "new": NEW}).status_code == 200
    assert _pull(srv, a) == 401 and _pull(srv, b) == 401
    assert _login(srv, "wang").status_code == 401
    assert _pull(srv, _token(srv, "wang", NEW)) == 200


def test_accounts_from_the_command_line(srv, cli, monkeypatch):
    database = ["--database", srv.service.db.url] if srv.service.db.postgres else []
    data = str(srv.blobs.parts.parent)  # the server's folder
    token = _token(srv, "wang")
    code, out, err = cli("server", "user", "disable", "--data", data, "--name", "wang", *database)
    assert code == 0, err
    assert _pull(srv, token) == 401 and _login(srv, "wang").status_code == 401
    code, out, err = cli("server", "user", "enable", "--data", data, "--name", "wang", *database)
    assert code == 0, err
    monkeypatch.setenv("INSPECT_PASSWORD", NEW)
    code, out, err = cli("server", "user", "password", "--data", data, "--name", "wang", *database)
    assert code == 0, err
    assert _login(srv, "wang").status_code == 401 and _token(srv, "wang", NEW)
    code, out, err = cli("server", "user", "revoke", "--data", data, "--name", "wang", *database)
    assert code == 0 and "ended 1 sign-ins" in out, (out, err)
    code, out, err = cli("server", "user", "revoke", "--data", data, "--name", "nobody", *database)
    assert code == 2 and "no user nobody" in err


def _events(caplog) -> list[dict]:
    out = []
    for r in caplog.records:
        if r.name == "inspect_app.server":
            with contextlib.suppress(ValueError):
                out.append(json.loads(r.getMessage()))
    return out


def test_logins_account_changes_refusals_and_errors_are_json_lines(srv, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="inspect_app.server")
    admin = _token(srv, "admin")
    _login(srv, "wang", "wrong")
    _post(srv, "/v1/users/wang/disable", admin)
    bad = {"change_id": "c1", "table": "projects", "record_id": "p1", "op": "upsert"}
    bad.update(fields={"name": "x", "households": "many"}, hlc="001795965235498.00000.x")
    bad["author"] = srv.service.authenticate(admin).id
    _post(srv, "/v1/push", admin, json={"changes": [bad]})

    def broken(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(srv.service, "pull", broken)
    r = httpx.get(f"{srv.url}/v1/pull", headers={"Authorization": f"Bearer {admin}"})
    assert r.status_code == 500 and "logged" in r.json()["detail"]
    kinds = {e["event"]: e for e in _events(caplog)}
    assert kinds["login"]["user"] == "admin" and kinds["login"]["address"] == "127.0.0.1"
    assert kinds["refused login"]["user"] == "wang"
    assert kinds["account disabled"]["by"] == "admin"
    assert "households" in kinds["refused change"]["reason"]
    error = kinds["server error"]
    assert error["path"] == "/v1/pull" and "disk on fire" in error["traceback"]
    assert "Traceback" in error["traceback"]
