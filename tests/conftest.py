import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INSPECT_LANG", "en")  # messages asserted in tests are the English ones

from inspect_app import demo
from inspect_app.cli import main
from inspect_app.core import i18n
from inspect_app.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "profile", create=True) as s:
        yield s


@pytest.fixture(scope="session")
def demo_profile(tmp_path_factory) -> Path:
    """A small demo profile made once; tests that change it must copy it first."""
    path = tmp_path_factory.mktemp("demo") / "profile"
    with Store.open(path, create=True) as s:
        demo.create(s)
    return path


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""

    def run(*argv: str):
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def run_entry_point(*argv, env=None, **kw) -> subprocess.CompletedProcess:
    """Run the installed `inspect-app` console script as a user would."""
    exe = Path(sys.executable).with_name("inspect-app")
    return subprocess.run(
        [str(exe), *map(str, argv)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kw,
    )
