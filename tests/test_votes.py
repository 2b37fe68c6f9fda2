"""Civil Code art. 278 vote arithmetic, checked against examples worked out by hand."""

import json
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from inspect_app.core.model import Project
from inspect_app.core.votes import (
    ART_278,
    BallotRow,
    Cast,
    Choice,
    Matter,
    check_rows,
    tally,
    thresholds,
)
from inspect_app.errors import InspectError
from inspect_app.store import Store

Y, N, A, X = Choice.YES, Choice.NO, Choice.ABSTAIN, Choice.ABSENT
MAJOR, ORDINARY = ART_278[Matter.MAJOR], ART_278[Matter.ORDINARY]


def rows(*spec) -> list[BallotRow]:
    """spec: (area, choice) per owner; each a different owner and unit."""
    return [BallotRow(f"u{i}", f"owner{i}", F(str(a)), c) for i, (a, c) in enumerate(spec)]


def test_quorum_exactly_two_thirds_is_enough():
    # 3 owners of 100 m²; 2 take part: 200/300 = 2/3 by area and 2/3 by head.
    r = tally(rows((100, Y), (100, Y), (100, X)), MAJOR)
    assert r.participation_area == F(2, 3) and r.participation_head == F(2, 3)
    assert r.quorum_met and r.approved


def test_quorum_a_hundredth_of_a_square_metre_short_fails():
    # The absent owner has 100.01 m²: 200/300.01 < 2/3 by area, 2/3 by head.
    r = tally(rows((100, Y), (100, Y), ("100.01", X)), MAJOR)
    assert r.participation_area == F(20000, 30001) < F(2, 3)
    assert r.participation_head == F(2, 3)
    assert not r.quorum_met and not r.approved
    assert any("participating area" in m for m in r.missing())


def test_decimal_areas_are_exact_where_floats_are_not():
    # 0.1 + 0.1 + 0.1 != 0.3 in binary floats; as fractions 0.2/0.3 is exactly 2/3.
    r = tally(rows(("0.1", Y), ("0.1", Y), ("0.1", X)), MAJOR)
    assert r.participation_area == F(2, 3) and r.quorum_met


def test_major_approval_exactly_three_quarters_passes():
    # 4 owners of 50 m², all take part, 3 yes: 3/4 by area and by head; major needs >= 3/4.
    r = tally(rows((50, Y), (50, Y), (50, Y), (50, N)), MAJOR)
    assert r.approval_area == F(3, 4) and r.approval_head == F(3, 4)
    assert r.approved


def test_ordinary_approval_exactly_half_fails_more_than_half_needed():
    r = tally(rows((50, Y), (50, Y), (50, N), (50, N)), ORDINARY)
    assert r.approval_area == F(1, 2) and r.quorum_met
    assert not r.approved
    r = tally(rows((50, Y), (50, Y), (50, N), ("49.99", N)), ORDINARY)
    # area 100/199.99 > 1/2 but head 2/4 = 1/2 is not more than half
    assert r.approval_area > F(1, 2) and r.approval_head == F(1, 2) and not r.approved


def test_passes_by_head_fails_by_area():
    # Three small flats vote yes, one large flat votes no: 3/4 by head, 120/320 = 3/8 by area.
    r = tally(rows((40, Y), (40, Y), (40, Y), (200, N)), MAJOR)
    assert r.approval_head == F(3, 4) and r.approval_area == F(3, 8)
    assert r.quorum_met and not r.approved
    (why,) = r.missing()
    assert "area approving 37.50%" in why


def test_abstaining_owners_took_part_but_did_not_approve():
    # 2 yes, 1 abstain, 1 absent: participation 3/4; approval 2/3 (abstention counted) < 3/4.
    r = tally(rows((60, Y), (60, Y), (60, A), (60, X)), MAJOR)
    assert r.participation_head == F(3, 4) and r.approval_head == F(2, 3)
    assert not r.approved
    # Counted as absent instead, the vote would have passed: the rule matters.
    assert tally(rows((60, Y), (60, Y), (60, X), (60, X)), MAJOR).approval_head == 1


def test_one_owner_of_several_units_counts_once_by_head_with_all_their_area():
    rs = [
        BallotRow("1-101", "王秀英", F(80), Y),
        BallotRow("1-102", "王 秀英", F(70), Y),
        BallotRow("1-201", "李建国", F(50), N),
    ]
    r = tally(rs, MAJOR)
    assert r.total_head == 2 and r.total_area == 200
    assert r.approval_head == F(1, 2) and r.approval_area == F(3, 4)


def test_no_ballots_is_no_quorum():
    r = tally([], MAJOR)
    assert not r.quorum_met and not r.approved and r.participation_area == 0


def test_thresholds_may_be_raised_but_never_lowered():
    raised = thresholds(
        "major", {"vote_thresholds": {"major": {"approval_area": "4/5", "law": "某市规定"}}}
    )
    assert raised.approval_area == F(4, 5) and raised.approval_head == F(3, 4)
    assert raised.law == "某市规定"
    # 3 of 4 equal owners passes under art. 278, not under 4/5.
    spec = rows((50, Y), (50, Y), (50, Y), (50, N))
    assert tally(spec, MAJOR).approved and not tally(spec, raised).approved
    by_purpose = thresholds(
        "ordinary", {"vote_thresholds": {"consent": {"quorum_head": 0.8}}}, "consent"
    )
    assert by_purpose.quorum_head == F(4, 5)
    for bad in ({"quorum_area": "1/2"}, {"approval_head": "1.2"}, {"quorum_head": "lots"}):
        with pytest.raises(InspectError, match="threshold"):
            thresholds("major", {"vote_thresholds": {"major": bad}})
    assert MAJOR.as_dict()["law"] == "《中华人民共和国民法典》第二百七十八条"  # fmt: skip


# ----- properties ---------------------------------------------------------------------------

areas = st.decimals(min_value="0.01", max_value="500", places=2).map(lambda d: F(str(d)))
ballots = st.lists(st.tuples(areas, st.sampled_from(list(Choice))), min_size=0, max_size=30)
ratio = st.fractions(min_value=0, max_value=1)


def _raise(base, extra):
    return {k: min(F(1), getattr(base, k) + e) for k, e in zip(("quorum_area", "quorum_head", "approval_area", "approval_head"), extra, strict=True)}  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(ballots, st.sampled_from(["major", "ordinary"]), st.tuples(ratio, ratio, ratio, ratio))
def test_raising_thresholds_never_turns_a_failing_vote_into_a_passing_one(spec, matter, extra):
    base = ART_278[Matter(matter)]
    raised = thresholds(
        matter, {"vote_thresholds": {matter: {k: str(v) for k, v in _raise(base, extra).items()}}}
    )
    rs = rows(*spec)
    if not tally(rs, base).approved:
        assert not tally(rs, raised).approved
    if tally(rs, raised).approved:
        assert tally(rs, base).approved  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(ballots, st.integers(min_value=0, max_value=29), st.sampled_from(["major", "ordinary"]))
def test_one_more_yes_never_turns_a_pass_into_a_fail(spec, i, matter):
    if not spec:
        return
    i %= len(spec)
    th = ART_278[Matter(matter)]
    before = tally(rows(*spec), th)
    spec[i] = (spec[i][0], Y)
    after = tally(rows(*spec), th)
    if before.approved:
        assert after.approved
    assert after.yes_area >= before.yes_area


@settings(max_examples=100, deadline=None)
@given(ballots, st.integers(min_value=1, max_value=1000), st.randoms())
def test_order_and_units_of_area_do_not_change_the_result(spec, scale, rnd):
    r1 = tally(rows(*spec), MAJOR)
    shuffled = spec[:]
    rnd.shuffle(shuffled)
    r2 = tally(rows(*[(a * scale, c) for a, c in shuffled]), MAJOR)
    assert (r1.participation_area, r1.approval_area, r1.approved) == (
        r2.participation_area,
        r2.approval_area,
        r2.approved,
    )
    for x in (r1.participation_area, r1.participation_head, r1.approval_area, r1.approval_head):
        assert 0 <= x <= 1


# ----- reading sheets -----------------------------------------------------------------------


def test_bad_rows_are_reported_by_line_and_good_rows_kept():
    header = ["房号", "业主", "专有面积", "表决意见", "表决方式"]
    lines = [
        (2, ["1-101", "王秀英", "85.37", "同意", "书面"]),
        (3, ["1-102", "", "60", "反对", "线上"]),
        (4, ["1-101", "张桂兰", "70", "弃权", ""]),
        (5, ["1-201", "刘芳", "-3", "maybe", "fax"]),
        (6, ["", "", "", "", ""]),
        (7, ["1-202", "王秀英", "40", "反对", ""]),
        (8, ["1-301", "陈明", "88", "未参与", "online"]),
    ]
    parsed = check_rows(header, lines)
    assert [r.unit for r in parsed.rows] == ["1-101", "1-301"]
    assert parsed.rows[0].area == F(8537, 100) and parsed.rows[0].cast == Cast.WRITTEN
    assert parsed.rows[1].choice == Choice.ABSENT and parsed.rows[1].cast == Cast.ONLINE
    errs = parsed.errors
    assert errs[0].startswith("line 3:") and "no owner" in errs[0]
    assert errs[1].startswith("line 4:") and "repeats line 2" in errs[1]
    assert (
        errs[2].startswith("line 5:")
        and "area '-3'" in errs[2]
        and "'maybe'" in errs[2]
        and "'fax'" in errs[2]
    )
    assert errs[3].startswith("line 7:") and "voted differently on line 2" in errs[3]
    assert len(errs) == 4  # fmt: skip


def test_a_header_without_the_needed_columns_is_refused():
    with pytest.raises(InspectError, match="line 1: the header lacks area_m2, vote"):
        check_rows(["unit", "owner"], [])


def _sheet(tmp_path, lines, name="ballots.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding=encoding)
    return p


def test_consent_tally_cli_json(cli, tmp_path):
    # Worked by hand: 5 owners, 400 m². Absent 刘芳 (80): participation 320/400 = 4/5, 4/5 head.
    # Yes 100+60 = 160 of 320 = 1/2 by area, 2 of 4 by head: not more than half, not 3/4.
    p = _sheet(tmp_path, [
        "unit,owner,area_m2,vote", "1-101,王秀英,100,同意", "1-102,李建国,60,yes",
        "1-201,张桂兰,90,弃权", "1-202,刘芳,80,未参与", "1-301,陈明,70,no",
    ])  # fmt: skip
    code, out, err = cli("consent", "tally", p, "--matter", "ordinary", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["participation_area"] == pytest.approx(0.8)
    assert data["participation_head"] == pytest.approx(0.8)
    assert data["approval_area"] == pytest.approx(0.5) and data["approval_head"] == 0.5
    assert data["quorum_met"] is True and data["approved"] is False
    assert data["thresholds"]["approval_area"] == "1/2"
    assert data["thresholds"]["approval_rule"] == "more_than"
    assert data["exact"]["approval_area"] == "1/2"
    code, out, _ = cli("consent", "tally", p, "--matter", "major")
    assert code == 0 and "result: not approved" in out and "at least 3/4" in out


def test_consent_tally_reads_xlsx_and_gb18030_csv(cli, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["unit", "owner", "area_m2", "vote", "cast"])
    for row in (
        [101, "王秀英", 85.5, "同意", "线上"],
        [102, "李建国", 60, "同意", "书面"],
        [103, "张桂兰", 72, "反对", None],
    ):
        ws.append(row)
    ws.append([104, "刘芳", "abc", "同意", None])
    wb.save(tmp_path / "b.xlsx")
    code, out, err = cli("consent", "tally", tmp_path / "b.xlsx", "--matter", "major", "--json")
    data = json.loads(out)
    assert (
        code == 1
        and "line 5" in err
        and data["errors"] == ["line 5: area 'abc' is not a positive number"]
    )
    assert data["owners"] == 3 and data["approval_head"] == pytest.approx(2 / 3)
    gbk = _sheet(
        tmp_path,
        ["房号,业主,面积,表决意见", "1,王秀英,50,同意", "2,李建国,50,同意"],
        "g.csv",
        "gb18030",
    )
    code, out, _ = cli("consent", "tally", gbk, "--matter", "major", "--json")
    assert code == 0 and json.loads(out)["approved"] is True  # fmt: skip


def test_consent_tally_refuses_broken_files(cli, tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    code, _, err = cli("consent", "tally", tmp_path / "x.xlsx", "--matter", "major")
    assert code == 2 and "not a valid .xlsx" in err
    code, _, err = cli("consent", "tally", tmp_path / "none.csv", "--matter", "major")
    assert code == 2 and "no such file" in err
    (tmp_path / "e.csv").write_bytes(b"")
    code, _, err = cli("consent", "tally", tmp_path / "e.csv", "--matter", "major")
    assert code == 2 and "empty" in err
    (tmp_path / "b.ods").write_bytes(b"x")
    code, _, err = cli("consent", "tally", tmp_path / "b.ods", "--matter", "major")
    assert code == 2 and ".csv or .xlsx" in err


def test_tally_sheet_prints_the_result_with_the_font_embedded(cli, tmp_path):
    import subprocess

    p = _sheet(tmp_path, ["unit,owner,area_m2,vote,cast", "1-101,王秀英,100,同意,线上", "1-102,李建国,60,同意,书面", "1-201,张桂兰,90,弃权,", "1-202,刘芳,80,未参与,", "1-301,陈明,70,反对,"])  # fmt: skip
    out = tmp_path / "tally.pdf"
    prof = tmp_path / "profile"
    with Store.open(prof, create=True) as s:  # a printed sheet is issued for a community
        project = s.save(Project(name="和平里东街小区"))
    code, stdout, _ = cli(
        "consent", "tally", p, "--matter", "major", "--data", prof, "--project", project.id,
        "--pdf", out,
    )  # fmt: skip
    assert code == 0 and str(out) in stdout
    run = lambda *a: subprocess.run(a, capture_output=True, text=True, check=True).stdout  # noqa: E731
    text = run("pdftotext", "-layout", str(out), "-")
    for words in (
        "业主表决计票单",
        "320.00 ㎡ / 80.00%",
        "4 人 / 80.00%",
        "160.00 ㎡ / 50.00%",
        "未通过",
        "弃权",
        "线上",
        "陈明",
    ):
        assert words in text, words
    fonts = run("pdffonts", str(out)).splitlines()[2:]
    assert fonts and all(f.split()[-5] == "yes" for f in fonts)
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", str(out))  # fmt: skip


def test_consent_tally_uses_a_project_s_raised_thresholds(cli, tmp_path):
    from inspect_app.core.model import Project
    from inspect_app.store import Store

    prof = tmp_path / "p"
    with Store.open(prof, create=True) as s:
        pid = s.save(Project(name="某小区", settings={"vote_thresholds": {"major": {"approval_head": "4/5", "law": "某市规定"}}})).id  # fmt: skip
    p = _sheet(
        tmp_path,
        ["unit,owner,area_m2,vote"]
        + [f"{i},业主{i},50,同意" for i in range(3)]
        + ["9,业主9,50,反对"],
    )
    assert (
        json.loads(cli("consent", "tally", p, "--matter", "major", "--json")[1])["approved"] is True
    )
    code, out, _ = cli(
        "consent", "tally", p, "--matter", "major", "--json", "--data", prof, "--project", pid
    )
    data = json.loads(out)
    assert code == 0 and data["approved"] is False
    assert data["thresholds"]["approval_head"] == "4/5" and data["thresholds"]["law"] == "某市规定"


# ----- the ways people write a vote ------------------------------------------------------------


YES_WORDS = ("同意", "赞成", "√", "✓", "☑", "V", "agree", "Agree", "YES", "ｙｅｓ", "y", "同意。", " 赞 成 ")  # fmt: skip
NO_WORDS = ("反对", "不同意", "×", "✗", "X", "disagree", "No", "NO.", "against")
ABSTAIN_WORDS = ("弃权", "abstain", "Abstain", "abstention")
ABSENT_WORDS = ("未参与", "未参加", "未投票", "缺席", "absent", "", "  ")


@pytest.mark.parametrize(
    ("word", "choice"),
    [
        *[(w, Choice.YES) for w in YES_WORDS],
        *[(w, Choice.NO) for w in NO_WORDS],
        *[(w, Choice.ABSTAIN) for w in ABSTAIN_WORDS],
        *[(w, Choice.ABSENT) for w in ABSENT_WORDS],
    ],
)
def test_the_usual_ways_of_writing_a_vote_are_accepted(word, choice):
    parsed = check_rows(
        ["unit", "owner", "area_m2", "vote"], [(2, ["1-101", "王秀英", "80", word])]
    )
    assert parsed.errors == []
    assert parsed.rows[0].choice == choice


def test_every_word_in_the_table_is_read_as_its_choice_and_no_word_has_two():
    from inspect_app.core.votes import CHOICE_WORDS, VOTE_WORDS, word_key

    keys = [word_key(w) for ws in VOTE_WORDS.values() for w in ws]
    assert len(keys) == len(set(keys))  # one word, one meaning
    for choice, words in VOTE_WORDS.items():
        for w in words:
            assert CHOICE_WORDS[word_key(w)] == choice


def test_a_refused_vote_says_which_words_are_accepted():
    from inspect_app.core.i18n import set_language

    parsed = check_rows(["unit", "owner", "area_m2", "vote"], [(2, ["1-101", "王", "80", "maybe"])])
    assert len(parsed.errors) == 1
    err = parsed.errors[0]
    assert err.startswith("line 2: vote 'maybe' is not one of the words accepted:")
    for word in ("同意", "赞成", "√", "agree", "yes", "反对", "×", "disagree", "no", "弃权", "abstain", "未参与"):  # fmt: skip
        assert word in err
    set_language("zh")
    err = check_rows(["房号", "业主", "面积", "表决意见"], [(3, ["1-101", "王", "80", "也许"])]).errors[0]  # fmt: skip
    assert err.startswith("第 3 行：表决意见 '也许' 无法识别，可填写：同意/赞成")
    assert "未参与" in err and "（或留空）" in err


def test_names_on_a_ballot_sheet_go_through_the_text_policy():
    parsed = check_rows(
        ["unit", "owner", "area_m2", "vote"],
        [
            (2, ["1-101", "王秀英\x0b", "80", "agree"]),
            (3, ["1-102", "李\x00建国", "60", "agree"]),
            (4, ["1-1\ud800", "张", "60", "agree"]),
        ],
    )
    assert [r.owner for r in parsed.rows] == ["王秀英"]  # the trailing break is stripped as space
    assert parsed.errors[0].startswith("line 3: owner: contains a NUL")
    assert parsed.errors[1].startswith("line 4: unit: contains an invalid character")


def test_an_english_sheet_with_ticks_and_crosses_tallies_like_the_chinese_one(cli, tmp_path):
    chinese = _sheet(tmp_path, [
        "房号,业主,面积,表决意见,表决方式", "1-101,王秀英,100,同意,线上", "1-102,李建国,60,赞成,书面",
        "1-201,张桂兰,90,弃权,", "1-202,刘芳,80,未参与,", "1-301,陈明,70,反对,",
    ], name="zh.csv")  # fmt: skip
    wb = Workbook()
    ws = wb.active
    for row in (
        ["unit", "owner", "area_m2", "vote", "cast"],
        ["1-101", "王秀英", 100, "Agree", "online"],
        ["1-102", "李建国", 60, "√", "paper"],
        ["1-201", "张桂兰", 90, "abstain", None],
        ["1-202", "刘芳", 80, None, None],
        ["1-301", "陈明", 70, "×", None],
    ):
        ws.append(row)
    english = tmp_path / "en.xlsx"
    wb.save(english)
    results = []
    for sheet in (chinese, english):
        code, out, err = cli("consent", "tally", sheet, "--matter", "ordinary", "--json")
        assert code == 0, err
        results.append(json.loads(out))
    assert results[0] == results[1]
    assert results[0]["exact"]["approval_area"] == "1/2"
