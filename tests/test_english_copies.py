"""English copies: words wrap at word boundaries, and categories, units and standard names
print in English (Chinese copies unchanged)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from inspect_app.core.categories import category_name
from inspect_app.core.display import unit_name
from inspect_app.core.model import Inspection
from inspect_app.core.standard_names import standard_text
from inspect_app.reports.build import build_report
from inspect_app.store import Store


def test_standard_names_units_and_categories_in_english():
    assert standard_text("《建筑施工安全检查标准》JGJ 59-2011", "en") == (
        "Standard for Construction Safety Inspection JGJ 59-2011"
    )
    assert standard_text("建设工程质量管理条例 国务院令第279号 第四十条", "en") == (
        "Regulations on the Quality Management of Construction Projects"
        " State Council Decree No. 279 art. 40"
    )
    assert standard_text("建城规〔2023〕4号 第六条", "en") == "建城规〔2023〕4号 art. 6"
    assert standard_text("《建筑施工安全检查标准》JGJ 59-2011", "zh").startswith("《建筑施工")
    assert (unit_name("年", "en"), unit_name("年", "zh"), unit_name("mm", "en")) == (
        "years", "年", "mm"
    )  # fmt: skip
    assert (category_name("燃气", "en"), category_name("燃气", "zh")) == ("Gas", "燃气")
    assert category_name("未知类别", "en") == "未知类别"  # no English name: as stored


def words(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8").split()


@pytest.fixture(scope="module")
def english(demo_profile, tmp_path_factory):
    root = tmp_path_factory.mktemp("en")
    out = {}
    shutil.copytree(demo_profile, root / "profile")  # printing records the issue
    with Store.open(root / "profile") as s:
        drainage = s.find(Inspection, "template_id = 'drainage-survey'")[0]
        safety = s.find(Inspection, "template_id = 'safety-score' AND status = 'submitted'")[0]
        for name, kind, kw in (
            ("survey", "survey", {"project_id": drainage.project_id}),
            ("drainage", "inspection", {"inspection_id": drainage.id}),
            ("safety", "inspection", {"inspection_id": safety.id}),
        ):
            build_report(s, kind, root / f"{name}.pdf", lang="en", **kw)
            out[name] = words(root / f"{name}.pdf")
    return out


def test_english_words_are_never_broken(english):
    for name, whole, broken in (
        ("survey", ("Description", "Severity", "Concrete"), ("Descriptio", "Severit", "Concret")),
        ("safety", ("59-2011",), ("59-201",)),
        ("drainage", ("Sewer",), ("Sewe",)),
    ):
        tokens = english[name]
        for w in whole:
            assert any(w in t for t in tokens), (name, w)
        for b in broken:
            assert b not in tokens, (name, b)


def test_english_copies_name_standards_and_categories_in_english(english):
    text = " ".join(english["safety"])
    assert (
        "Standard for Construction Safety Inspection" in text and "建筑施工安全检查标准" not in text
    )
    survey = " ".join(english["survey"])
    assert "Gas" in survey and " 燃气 " not in f" {survey} "
    assert "Inspection and Evaluation of Urban Sewer" in survey
