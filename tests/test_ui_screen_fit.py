"""No window the app opens is larger than the screen: a 1366×768 laptop at 100%, and a
1920×1080 screen at 150% (1280×720 to Qt), in Chinese and English. Each screen is a separate
process running tests/screen_probe.py on Qt's offscreen platform with that screen."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def probe(tmp_path, profile, lang: str, width: int, height: int, scale: float = 1.0):
    config = tmp_path / f"screen-{width}x{height}.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": [screen]}))
    copy = tmp_path / f"profile-{lang}-{width}"
    shutil.copytree(profile, copy)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale), "PYTHONPATH": str(ROOT), "INSPECT_LANG": lang}  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "screen_probe.py"), str(copy), lang,
         str(tmp_path / f"{lang}-{width}.ini")],
        capture_output=True, text=True, env=env, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize(
    ("lang", "width", "height", "scale"),
    [("zh", 1366, 768, 1.0), ("en", 1366, 768, 1.0), ("en", 1920, 1080, 1.5)],
)
def test_every_window_fits_the_screen(tmp_path, demo_profile, lang, width, height, scale):
    windows = probe(tmp_path, demo_profile, lang, width, height, scale)
    names = {w["name"] for w in windows}
    assert {"main", "main+welcome", "main+desk-tab0", "main+desk-refusal", "print-preview", "new-inspection", "sync-setup",
            "login", "settings", "signature", "message-long", "file-dialog"} <= names  # fmt: skip
    too_big = [
        w for w in windows
        if w["x"] < 0 or w["y"] < 0
        or w["x"] + w["w"] > w["screen_w"] or w["y"] + w["h"] > w["screen_h"]
        or w["min_w"] > w["screen_w"] or w["min_h"] > w["screen_h"]
    ]  # fmt: skip
    assert too_big == [], too_big
    screen = windows[0]
    assert (screen["screen_w"], screen["screen_h"]) == (round(width / scale), round(height / scale))
