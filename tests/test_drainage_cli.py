"""`inspect-app drainage grade` on good and bad spreadsheets, as office staff would send them."""

import json

from conftest import run_entry_point

HEADER = "segment,code,grade,position_m,diameter_mm,area_k,soil_t\n"


def write(tmp_path, body, name="defects.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def test_json_grades_each_segment(cli, tmp_path):
    # W1-W2: PL3 = 5 at 2.0, SL2 = 2 at 3.2 (1.2 m apart: α): S = 1.1 × 7 / 2 = 3.85, Smax 5,
    # F 5 -> III; CJ3 = 5 alone: Y = G = 5 -> III. K 交通干道 = 6, E (800 mm) = 3, T 粉砂 = 10:
    # RI = 0.7×5 + 0.1×6 + 0.05×3 + 0.15×10 = 3.5 + 0.6 + 0.15 + 1.5 = 5.75 -> III
    # MI = 0.8×5 + 0.15×6 + 0.05×3 = 4 + 0.9 + 0.15 = 5.05 -> III
    # W2-W3: no defects: all zero, grade I.
    path = write(
        tmp_path,
        "W1-W2,PL,3,2.0,800,交通干道,粉砂\nW1-W2,SL,2,3.2,800,6,10\nW1-W2,CJ,3,10,800,6,10\n"
        "W2-W3,,,,300,0,一般土层\n",
    )
    code, out, err = cli("drainage", "grade", path, "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert list(rows[0]) == [
        "segment", "S", "Smax", "F", "structural_grade", "Y", "Ymax", "G",
        "functional_grade", "RI", "RI_grade", "MI", "MI_grade",
    ]  # fmt: skip
    assert rows[0] == {
        "segment": "W1-W2", "S": 3.85, "Smax": 5.0, "F": 5.0, "structural_grade": 3,
        "Y": 5.0, "Ymax": 5.0, "G": 5.0, "functional_grade": 3,
        "RI": 5.75, "RI_grade": 3, "MI": 5.05, "MI_grade": 3,
    }  # fmt: skip
    assert rows[1]["segment"] == "W2-W3" and rows[1]["F"] == 0 and rows[1]["RI_grade"] == 1


def test_text_output_names_the_edition_and_uses_roman_grades(cli, tmp_path):
    # 破裂 grade 4 = 10 at 5 m: F = 10 -> IV; K = 0, E (300) = 0, T = 0: RI = 0.7 × 10 = 7 -> III
    path = write(tmp_path, "Y7-Y8,破裂,4,5,300,其他区域,一般土层\n")
    code, out, _err = cli("drainage", "grade", path)
    assert code == 0 and "CJJ 181-2012" in out.splitlines()[0]
    cells = out.splitlines()[2].split()
    assert cells[:5] == ["Y7-Y8", "10.00", "10.00", "10.00", "IV"] and cells[9:11] == [
        "7.00",
        "III",
    ]


def test_bad_rows_are_named_by_line_and_good_rows_still_graded(cli, tmp_path):
    path = write(
        tmp_path,
        "W1-W2,PL,2,1,400,3,0\n"  # line 2: good
        "W1-W2,XX,2,1,400,3,0\n"  # line 3: unknown code
        "W1-W2,FS,4,2,400,3,0\n"  # line 4: FS has 3 grades
        "W1-W2,PL,2,abc,400,3,0\n"  # line 5: position not a number
        "W1-W2,PL,2,9,400,5,0\n"  # line 6: K 5 is not a K value
        "W1-W2,PL,2,9,500,3,0\n"  # line 7: diameter differs from line 2
        "\n"  # line 8: blank, skipped
        ",PL,2,9,500,3,0\n"  # line 9: no segment
        "W5-W6,CK,1,0.5,400,3,沙漠\n",  # line 10: unknown soil
    )
    code, out, err = cli("drainage", "grade", path, "--json")
    assert code == 1
    lines = err.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == [f"line {n}" for n in (3, 4, 5, 6, 7, 9, 10)]
    assert "unknown defect code 'XX'" in lines[0] and "FS has grades 1-3" in lines[1]
    assert "position_m must be a number" in lines[2] and "area_k" in lines[3]
    assert "differ from line 2" in lines[4] and "soil_t" in lines[6]
    # W1-W2 graded from its one good row: PL2 = 2 -> F = 2, II
    assert json.loads(out) == [
        {
            "segment": "W1-W2", "S": 2.0, "Smax": 2.0, "F": 2.0, "structural_grade": 2,
            "Y": 0.0, "Ymax": 0.0, "G": 0.0, "functional_grade": 1,
            "RI": 1.4, "RI_grade": 2, "MI": 0.0, "MI_grade": 1,
        }
    ]  # fmt: skip


def test_wrong_header_is_refused(cli, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("segment,code,grade\nW1,PL,2\n", encoding="utf-8")
    code, out, err = cli("drainage", "grade", path, "--json")
    assert code == 1 and json.loads(out) == []
    assert "line 1" in err and "position_m, diameter_mm, area_k, soil_t" in err


def test_excel_encodings_and_missing_file(cli, tmp_path):
    body = "W1-W2,沉积,2,3,600,交通干道,一般土层\n"
    for encoding, name in (("utf-8-sig", "bom.csv"), ("gb18030", "gbk.csv")):
        code, out, _ = cli("drainage", "grade", write(tmp_path, body, name, encoding), "--json")
        # CJ2 = 2: Y = G = 2 -> II; F = 0 so T = 0, K = E = 0: MI = 0.8 × 2 = 1.6 -> II
        assert code == 0 and json.loads(out)[0]["MI"] == 1.6
    code, _, err = cli("drainage", "grade", tmp_path / "none.csv")
    assert code == 2 and "no such file" in err


def test_installed_command_in_chinese(tmp_path):
    path = write(tmp_path, "W1-W2,PL,9,1,400,3,0\n")
    res = run_entry_point("drainage", "grade", path, env={"INSPECT_LANG": "zh"})
    assert res.returncode == 1 and "第 2 行" in res.stderr and "PL 的等级为 1—4" in res.stderr
