"""The PyInstaller bundle (build.spec) builds and runs on its own: the smoke test, the CLI,
the data files it carries."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from inspect_app import demo
from inspect_app.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    if not pyinstaller.exists():
        pytest.skip("PyInstaller is not installed (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level=ERROR",
            f"--distpath={out / 'dist'}",
            f"--workpath={out / 'build'}",
            str(ROOT / "build.spec"),
        ],
        check=True,
        cwd=ROOT,
        timeout=600,
    )
    return out / "dist" / "inspect-app"


def run(exe: Path, *args: str) -> subprocess.CompletedProcess:
    # A clean environment: nothing from this checkout or its venv may leak into the bundle.
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/tmp"),
        "QT_QPA_PLATFORM": "offscreen",
        "INSPECT_LANG": "en",
    }
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env=env, timeout=120, cwd="/"
    )


@pytest.mark.slow
def test_the_bundle_opens_the_main_window_on_a_profile(bundle, tmp_path):
    exe = bundle / "inspect-app"
    prof = tmp_path / "profile"
    with Store.open(prof, create=True) as s:
        demo.create(s)
    done = run(exe, "--data", str(prof), "--smoke-test")
    assert done.returncode == 0, done.stderr

    # A broken profile: exit 1 with the reason.
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "inspect.db").write_bytes(b"this is not a database" * 100)
    failed = run(exe, "--data", str(bad), "--smoke-test")
    assert failed.returncode == 1 and "damaged" in failed.stderr

    # The data files travel inside the bundle and are found there, not in this checkout.
    forms = run(exe, "forms", "check")
    assert forms.returncode == 0, forms.stderr
    assert str(bundle) in forms.stdout and "gas-household" in forms.stdout
    data = bundle / "_internal"
    assert (data / "resources" / "fonts" / "wqy-microhei.ttc").is_file()
    assert (data / "resources" / "style.qss").is_file()
    icons = {p.stem for p in (data / "resources" / "icons").glob("*.svg")}
    assert {"app", "new-inspection", "add-defect", "sync", "print", "site-plan", "sign"} <= icons
    assert run(exe, "--version").stdout.startswith("inspect-app 0.")
    assert shutil.which("inspect-app", path=str(bundle))
