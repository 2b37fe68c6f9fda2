"""A central store that cannot be reached is explained: which address, what, what to check."""

import socket

import pytest

from inspect_app.store import Store
from inspect_app.sync.client import SyncClient, SyncError
from inspect_app.sync.reach import check_address


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nothing_listening_is_said_in_words(tmp_path):
    port = _free_port()
    with Store.open(tmp_path / "p", create=True) as store:
        client = SyncClient(store, f"http://127.0.0.1:{port}", "zhang", password=lambda: "x")
        with pytest.raises(SyncError) as e:
            client.login()
    text = str(e.value)
    assert f"port {port}" in text and "127.0.0.1" in text and "inspect-app server" in text
    assert "Errno" not in text and "cannot reach the server" in text


def test_an_unknown_host_is_said_in_words(tmp_path):
    with Store.open(tmp_path / "p", create=True) as store:
        client = SyncClient(
            store, "http://no-such-host.invalid:8765", "zhang", password=lambda: "x"
        )
        with pytest.raises(SyncError) as e:
            client.login()
    assert "no-such-host.invalid" in str(e.value) and "Errno" not in str(e.value)


def test_addresses_are_checked_before_connecting():
    assert check_address(" office:8765/ ") == "http://office:8765"
    assert check_address("https://x.example") == "https://x.example"
    for bad in ("", "ftp://x", "http://:80", "http://x:99999"):
        with pytest.raises(ValueError):
            check_address(bad)
