"""Long lists laid out once: the same pages as reportlab's own splitting, text cells that wrap
like Paragraphs, and the records a list shows hashed in bulk exactly as one by one."""

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from inspect_app.core.model import Defect, Photo, PhotoLink, Project
from inspect_app.reports import layout
from inspect_app.reports.build import build_report
from inspect_app.reports.longtable import StreamTable
from inspect_app.reports.textcell import _char_width, break_lines
from inspect_app.store import Store
from inspect_app.store.signing import signed_content, signed_contents

PROJECT = "和平里小区"


def _page_texts(pdf: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(str(pdf)).pages]


def _project_with_most_defects(s: Store) -> str:
    return s.db.execute(
        "SELECT project_id FROM defects WHERE deleted = 0 GROUP BY project_id"
        " ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]


def test_a_long_list_prints_the_same_pages_as_one_split_table(demo_profile, tmp_path, monkeypatch):
    prof = tmp_path / "profile"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        pid = _project_with_most_defects(s)
        monkeypatch.setattr(layout, "LONG_TABLE", 3)  # even the demo's list streams
        build_report(s, "defects", tmp_path / "stream.pdf", project_id=pid)
        monkeypatch.setattr(layout, "LONG_TABLE", 10**9)  # reportlab splits the one table
        build_report(s, "defects", tmp_path / "whole.pdf", project_id=pid)
    stream, whole = _page_texts(tmp_path / "stream.pdf"), _page_texts(tmp_path / "whole.pdf")
    assert len(stream) == len(whole) > 1

    def body(text: str) -> str:  # the report's id and number differ between two issues
        return "\n".join(
            line for line in text.splitlines() if "QX-" not in line and "ID" not in line
        )

    assert [body(t) for t in stream] == [body(t) for t in whole]


def test_a_stream_table_cuts_pages_by_the_measured_rows():
    made = []

    def make(data, heights):
        made.append(len(data))
        return layout._ruled(data, [100, 100], heights)

    rows = [["head", "head"]] + [[str(i), "x"] for i in range(100)]
    t = StreamTable(make, rows)
    _, h = t.wrap(200, 400)
    row = t.heights[1]
    pieces = t.split(200, 400)
    assert len(pieces) == 2
    fits = int((400 - t.heights[0]) // row)
    assert pieces[0]._cellvalues[1:] == rows[1 : 1 + fits]
    assert pieces[1].data[0] == rows[0] and pieces[1].data[1:] == rows[1 + fits :]
    assert sum(pieces[1].heights) == pytest.approx(h - fits * row)
    assert made == [101, 1 + fits]  # measured once, then only the page's piece
    assert StreamTable(make, rows).split(200, t.heights[0] + row / 2) == []


@given(
    st.text(alphabet="安全隐患，。管道 abc Defect\u3001", max_size=120),
    st.sampled_from([40.0, 90, 200]),
)
def test_lines_fit_and_keep_every_character(text, width):
    lines = break_lines(text, width, 9)
    assert "".join(lines).replace(" ", "") == "".join(text.split())
    for line in lines:  # what overflows is closing punctuation hung at the end, or one glyph
        kept = line.rstrip("，。、 ")
        assert _char_width(kept, 9) <= width or len(kept) <= 1


def test_bulk_content_of_defects_is_the_content_one_by_one(store: Store):
    p = Project(name=PROJECT)
    defects = [Defect(project_id=p.id, title=f"隐患 {i}") for i in range(5)]
    photos = [Photo(sha256=f"{i:064x}", project_id=p.id) for i in range(3)]
    links = [
        PhotoLink(photo_id=photos[0].id, target_type="defect", target_id=defects[0].id),
        PhotoLink(photo_id=photos[1].id, target_type="defects", target_id=defects[0].id),
        PhotoLink(photo_id=photos[1].id, target_type="defect", target_id=defects[0].id),
        PhotoLink(photo_id=photos[2].id, target_type="defect", target_id=defects[1].id),
    ]
    gone = PhotoLink(photo_id=photos[0].id, target_type="defect", target_id=defects[2].id)
    store.save_many([p, *defects, *photos, *links, gone])
    store.delete(PhotoLink, gone.id)
    read = store.find(Defect)
    bulk = signed_contents(store, "defects", read)
    assert bulk == {d.id: signed_content(store, "defects", d.id) for d in read}
    assert len(bulk[defects[0].id]["photos"]) == 2 and "photos" not in bulk[defects[2].id]
