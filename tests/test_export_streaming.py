"""The streaming export writes the very bytes of the canonical export of the whole snapshot."""

import json
import shutil

from openpyxl import load_workbook

from inspect_app.core.model import Defect, Project
from inspect_app.store import Store
from inspect_app.store.export import export, snapshot, to_json


def test_json_export_is_byte_for_byte_the_canonical_snapshot(demo_profile, tmp_path):
    prof = tmp_path / "profile"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        p = Project(name='引号"与\\反斜杠\n换行\t制表')
        s.save_many([p, Defect(project_id=p.id, title="🏠 {}[]", description="a\r\nb\u2028c")])
        counts = export(s, tmp_path / "all.json")
        expected = to_json(snapshot(s))
    assert (tmp_path / "all.json").read_bytes() == expected
    assert counts == {k: len(v) for k, v in json.loads(expected).items()}
    assert counts["defects"] > 1 and counts["photos"] > 0


def test_an_empty_profile_exports_like_the_snapshot(tmp_path):
    with Store.open(tmp_path / "p", create=True) as s:
        export(s, tmp_path / "e.json")
        assert (tmp_path / "e.json").read_bytes() == to_json(snapshot(s))


def test_xlsx_export_has_every_record_of_the_snapshot(demo_profile, tmp_path):
    with Store.open(demo_profile) as s:
        export(s, tmp_path / "all.xlsx")
        data = snapshot(s)
    wb = load_workbook(tmp_path / "all.xlsx", read_only=True)
    for table, rows in data.items():
        sheet = list(wb[table].iter_rows(values_only=True))
        if not rows:
            assert sheet in ([], [()])
            continue
        head = list(sheet[0])
        assert head[0] == "id" and sorted(head) == sorted(rows[0])
        assert [r[0] for r in sheet[1:]] == [r["id"] for r in rows]
        assert len(sheet) == len(rows) + 1
