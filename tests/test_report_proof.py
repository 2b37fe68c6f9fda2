"""A printed record holds up: each signature shows who, as what, for whom, when (in the project's
time zone) and whether it holds; `verify` fails on any change to what was issued and names it.

Changes are made as a forger would: the page content rewritten with qpdf (--qdf, then fix-qdf),
one byte of the file flipped. Text is read back with poppler's pdftotext.
"""

import io
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from inspect_app.core.localtime import local_time, project_zone
from inspect_app.core.model import (
    BY_TABLE,
    Defect,
    HandoverItem,
    IssuedReport,
    Organization,
    Project,
)
from inspect_app.reports.acceptance import acceptance_target
from inspect_app.reports.build import build_report, make_context
from inspect_app.store import Store
from inspect_app.store.signatures import sign

PROJECT = "和平里东街小区"
SHOTS = os.environ.get("INSPECT_SCREENSHOTS")  # a folder: keep the rendered signature blocks


def pdftext(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True, check=True
    )
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def signature_png(seed: int) -> bytes:
    img = Image.new("RGB", (360, 120), "white")
    pts = [(20 + i * 40, 60 + ((i * 37 + seed * 11) % 50) - 25) for i in range(9)]
    ImageDraw.Draw(img).line(pts, fill="#0d2a6b", width=5, joint="curve")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def signer(store: Store, ttype: str, tid: str, who: str, seed: int, role: str = ""):
    """A party signs as the app signs: an account with its password (every demo user's is
    `demo`), or a guest without an account by name and role."""
    strokes = [[[0, 0, 0, 0.5], [10, 5, 20, 0.6]]]
    if role:
        return sign(store, ttype, tid, strokes=strokes, png_bytes=signature_png(seed),
                    guest_name=who, guest_role=role)  # fmt: skip
    return sign(store, ttype, tid, strokes=strokes, png_bytes=signature_png(seed),
                signer=who, password="demo")  # fmt: skip


# (login name or guest name, guest role): the owner, the supervisor, the contractor, a resident
PARTIES = (("chenjing", ""), ("wangqiang", ""), ("zhaolei", ""), ("王秀英", "居民代表"))


@pytest.fixture(scope="module")
def signed(demo_profile, tmp_path_factory):
    """A copy of the demo whose acceptance record is signed by three parties, with an
    acceptance record, a handover list, a stage record and a tally sheet printed from it."""
    root = tmp_path_factory.mktemp("proof")
    prof = root / "profile"
    shutil.copytree(demo_profile, prof)
    out = {"profile": prof}
    with Store.open(prof) as s:
        p = s.find(Project, "name = ?", [PROJECT])[0]
        ttype, tid, _ = acceptance_target(make_context(s, "acceptance", project_id=p.id))
        out["sigs"] = [signer(s, ttype, tid, who, n, role) for n, (who, role) in enumerate(PARTIES)]
        out["project"] = p
        out["acceptance"] = root / "acceptance.pdf"
        build_report(s, "acceptance", out["acceptance"], project_id=p.id)
    return out


def test_the_acceptance_record_prints_each_signer_with_local_time(signed):
    text = pdftext(signed["acceptance"])
    zone = ZoneInfo("Asia/Shanghai")
    with Store.open(signed["profile"]) as s:
        orgs = {o.id: o.name for o in s.find(Organization)}
    for sig in signed["sigs"]:
        when = datetime.fromisoformat(sig.signed_at).astimezone(zone).strftime("%Y-%m-%d%H:%M")
        assert sig.signer_name in text and sig.signer_role in text, sig
        assert when in text, when  # the local time in Beijing, whatever the laptop's zone
        if sig.org_id:
            assert orgs[sig.org_id] in text
    assert {s.signer_name for s in signed["sigs"]} >= {"陈静", "王强", "赵磊", "王秀英"}
    assert "(UTC+08:00)" in text and "无账号签字人" in text  # the guest says so
    assert text.count("电子签名有效") >= len(signed["sigs"])


def test_a_void_signature_says_so_and_names_what_changed(signed, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(signed["profile"], prof)
    with Store.open(prof) as s:
        sig = signed["sigs"][0]
        target = s.get(BY_TABLE[sig.target_type], sig.target_id)
        field = "notes" if hasattr(target, "notes") else "address"
        setattr(target, field, "签字后改动的内容")
        s.save(target)
        build_report(s, "acceptance", tmp_path / "a.pdf", project_id=signed["project"].id)
    text = pdftext(tmp_path / "a.pdf")
    assert text.count("签名后内容已更改，签名失效") >= len(signed["sigs"]) and field in text
    assert "电子签名有效" not in text


def test_the_time_zone_is_the_projects(signed):
    p = signed["project"]
    assert project_zone(p).key == "Asia/Shanghai"  # nothing set: Beijing time
    p2 = Project(name="x", settings={"time_zone": "Asia/Urumqi"})
    assert local_time("2026-03-01T02:05:00+00:00", project_zone(p2)) == "2026-03-01 08:05"
    assert local_time("2026-03-01T02:05:00+00:00", project_zone(p)) == "2026-03-01 10:05"
    bad = Project(name="y", settings={"time_zone": "Mars/Olympus"})
    assert project_zone(bad).key == "Asia/Shanghai"
    assert local_time("not a time", project_zone(p)) == ""


def test_the_handover_list_prints_the_receivers_signatures(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        item = s.find(HandoverItem)[0]
        p = s.get(Project, item.project_id)
        org = s.get(Organization, item.operator_org_id)
        sig = sign(
            s,
            "handover_items",
            item.id,
            strokes=[[[0, 0, 0, 0.5]]],
            png_bytes=signature_png(7),
            guest_name="周建华",
            guest_role="专业经营单位",
            guest_org_id=org.id,
        )
        build_report(s, "handover", tmp_path / "h.pdf", project_id=p.id)
    text = pdftext(tmp_path / "h.pdf")
    when = local_time(sig.signed_at, ZoneInfo("Asia/Shanghai")).replace(" ", "")
    assert "周建华" in text and org.name in text and when in text
    assert "电子签名有效" in text


# ----- verify ------------------------------------------------------------------------------


def rewrite_text(pdf: Path, old: str, new: str, out: Path, must: bool = True) -> bool:
    """Change printed text in the page content, as an editor would: the content streams
    uncompressed by qpdf, the glyph codes of `old` (ASCII keeps its codes in the embedded
    subset; a string of ASCII only is written as a literal) replaced by those of `new` once,
    and the file mended with fix-qdf."""
    qdf = out.with_suffix(".qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(qdf)], check=True)
    data = qdf.read_bytes()
    a, b = old.encode().hex().encode(), new.encode().hex().encode()
    if a not in data:  # a string of ASCII only is written as a literal
        a, b = b"(" + old.encode() + b")", b"(" + new.encode() + b")"
    if a not in data:
        assert not must, f"{old} is not drawn as one string"
        return False
    with open(out, "wb") as dst:
        subprocess.run(["fix-qdf"], input=data.replace(a, b, 1), stdout=dst, check=True)
    return True


def test_verify_passes_the_issued_file_at_once(signed, cli):
    code, out, err = cli("verify", signed["acceptance"], "--data", signed["profile"])
    assert code == 0, out + err
    assert "byte for byte" in out and "OK" in out


def test_verify_names_one_digit_changed_in_the_printed_number(signed, tmp_path, cli):
    with Store.open(signed["profile"]) as s:
        number = s.find(IssuedReport, "kind = 'acceptance'")[0].number
    last = number[-1]
    forged = number[:-1] + ("1" if last != "1" else "2")
    rewrite_text(signed["acceptance"], number, forged, tmp_path / "forged.pdf")
    code, out, _ = cli("verify", tmp_path / "forged.pdf", "--data", signed["profile"])
    assert code == 1 and "FAILED" in out
    assert "page 1 text differs" in out
    line = next(ln for ln in out.splitlines() if "page 1 text differs" in ln)
    assert number[-8:] in line and forged[-8:] in line


def test_verify_names_a_due_date_changed_in_the_page(signed, tmp_path, cli):
    with Store.open(signed["profile"]) as s:
        p = signed["project"]
        due = sorted({d.due_date for d in s.find(Defect, "project_id = ?", [p.id]) if d.due_date})
    pages = int(
        re.search(
            r"Pages:\s+(\d+)",
            subprocess.run(
                ["pdfinfo", str(signed["acceptance"])], capture_output=True, text=True
            ).stdout,
        ).group(1)
    )
    shown = [
        (n, d) for n in range(1, pages + 1) for d in due if d in pdftext(signed["acceptance"], n)
    ]
    assert shown, "the acceptance record lists open defects with their due dates"
    forged = tmp_path / "forged.pdf"
    page, date = shown[0]
    later = date[:-1] + ("9" if date[-1] != "9" else "8")
    rewrite_text(signed["acceptance"], date, later, forged)
    code, out, _ = cli("verify", tmp_path / "forged.pdf", "--data", signed["profile"])
    assert code == 1
    line = next(ln for ln in out.splitlines() if f"page {page} text differs" in ln)
    assert date[-5:] in line and later[-5:] in line


def test_a_copy_saved_again_passes_and_one_compressed_again_does_not(signed, tmp_path, cli):
    from pypdf import PdfReader, PdfWriter

    copy = tmp_path / "copy.pdf"  # objects renumbered, metadata rewritten, streams as stored
    writer = PdfWriter(clone_from=PdfReader(signed["acceptance"]))
    writer.add_metadata({"/Producer": "another program"})
    with open(copy, "wb") as f:
        writer.write(f)
    assert copy.read_bytes() != signed["acceptance"].read_bytes()
    code, out, _ = cli("verify", copy, "--data", signed["profile"])
    assert code == 0 and "saved again" in out

    # Every stream decompressed and the drawing rewritten with other spacing: the text reads
    # the same, but neither the drawing's bytes nor one stored byte are what was issued.
    plain = tmp_path / "plain.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(signed["acceptance"]), str(plain)],
        check=True,
    )
    code, out, _ = cli("verify", plain, "--data", signed["profile"])
    assert code == 1 and "text differs" not in out
    assert "what is drawn" in out or "stored bytes of its streams differ" in out


def _stream_spans(data: bytes) -> list[tuple[int, int]]:
    """Where each stream's data lies: `Length` bytes after `stream` (the line end before
    `endstream` is not data)."""
    spans = []
    for m in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", data):
        spans.append((m.end(), m.end() + int(m.group(1))))
    assert spans
    return spans


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_any_flipped_byte_of_a_stream_fails(signed, tmp_path, where, bit):
    """Content, fonts, images: a flipped bit anywhere in the data the pages are drawn from."""
    from inspect_app.reports.verify import verify

    data = signed["acceptance"].read_bytes()
    spans = _stream_spans(data)
    total = sum(b - a for a, b in spans)
    k = int(where * total)
    for a, b in spans:
        if k < b - a:
            pos = a + k
            break
        k -= b - a
    flipped = bytearray(data)
    flipped[pos] ^= 1 << bit
    f = tmp_path / f"flip-{pos}-{bit}.pdf"
    f.write_bytes(bytes(flipped))
    with Store.open(signed["profile"]) as s:
        v = verify(s, f)
    assert not v.ok, f"byte {pos} flipped and the file still verified"


@pytest.mark.parametrize("where", ["middle", "xref", "keywords", "header-number"])
def test_flipped_bytes_in_the_structure_fail(signed, tmp_path, cli, where):
    data = bytearray(signed["acceptance"].read_bytes())
    if where == "middle":
        pos = len(data) // 2
    elif where == "xref":
        pos = data.rindex(b"\nxref\n") + 36  # a digit of the first object's offset
    elif where == "keywords":
        pos = data.index(b"inspect-report-id=") + 25  # a digit of the report id
    else:
        pos = data.index(b"content-sha256=") + 20  # a digit of the hash
    data[pos] ^= 0x01
    f = tmp_path / "flipped.pdf"
    f.write_bytes(bytes(data))
    code, out, err = cli("verify", f, "--data", signed["profile"])
    assert code == 1, (where, out, err)


def test_the_stage_record_and_the_tally_sheet_are_issued_and_verify(signed, tmp_path, cli):
    prof, p = signed["profile"], signed["project"]
    stage = tmp_path / "stage.pdf"
    code, out, err = cli("project", "status", "--data", prof, "--project", p.id, "--pdf", stage)
    assert code == 0, err
    ballots = tmp_path / "b.csv"
    ballots.write_text(
        "unit,owner,area_m2,vote,cast\n1-101,王秀英,100,同意,线上\n1-102,李建国,60,反对,书面\n",
        encoding="utf-8",
    )
    tally = tmp_path / "tally.pdf"
    code, _, err = cli(
        "consent", "tally", ballots, "--matter", "ordinary", "--data", prof, "--project", p.id,
        "--pdf", tally,
    )  # fmt: skip
    assert code == 0, err
    with Store.open(prof) as s:
        issued = {r.kind: r for r in s.find(IssuedReport, "kind IN ('stage-record', 'tally')")}
    for kind, pdf, prefix in (("stage-record", stage, "JD-"), ("tally", tally, "JP-")):
        record = issued[kind]
        text = pdftext(pdf)
        assert record.number.startswith(prefix) and record.number in text
        assert "第1页共" in text and record.content_hash in text and record.id in text
        assert "防伪校验" in text
        code, out, _ = cli("verify", pdf, "--data", prof)
        assert code == 0 and "byte for byte" in out, out
    # one digit of the tally's result changed on the page
    rewrite_text(tally, "160.00", "166.00", tmp_path / "forged.pdf")
    code, out, _ = cli("verify", tmp_path / "forged.pdf", "--data", prof)
    assert code == 1 and "page 1 text differs" in out and "166.00" in out


def test_a_tally_sheet_verifies_as_printed_whatever_happens_to_the_file(signed, tmp_path):
    """The tally sheet's hash is of the rows and result shown, so the paper stays checkable
    whatever happens to the ballot file afterwards."""
    from inspect_app.ballot_files import read_ballots
    from inspect_app.core.votes import Matter, tally, thresholds
    from inspect_app.reports.tally import tally_sheet
    from inspect_app.reports.verify import verify

    prof = tmp_path / "p"
    shutil.copytree(signed["profile"], prof)
    f = tmp_path / "b.csv"
    f.write_text("unit,owner,area_m2,vote\n1,王秀英,80,同意\n", encoding="utf-8")
    rows = read_ballots(f).rows
    with Store.open(prof) as s:
        rec = tally_sheet(
            s, tmp_path / "t.pdf", tally(rows, thresholds("ordinary", {})), Matter.ORDINARY, rows,
            project=signed["project"],
        )  # fmt: skip
        assert (rec.target_type, rec.target_id) == ("projects", signed["project"].id)
        f.write_text("unit,owner,area_m2,vote\n1,王秀英,80,反对\n", encoding="utf-8")
        assert verify(s, tmp_path / "t.pdf").ok


def test_a_printed_tally_needs_a_community(signed, tmp_path, cli):
    ballots = tmp_path / "b.csv"
    ballots.write_text("unit,owner,area_m2,vote\n1,王秀英,80,同意\n", encoding="utf-8")
    code, _, err = cli(
        "consent", "tally", ballots, "--matter", "ordinary", "--data", signed["profile"],
        "--pdf", tmp_path / "t.pdf",
    )  # fmt: skip
    assert code == 2 and "--project" in err and not (tmp_path / "t.pdf").exists()


def test_signature_blocks_rendered(signed, tmp_path):
    """The signature block as a reader sees it (kept in docs/screenshots when asked)."""
    pdf = signed["acceptance"]
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = bbox.split("<page ")[1:]
    page, top = next(
        (n, float(m.group(1)))
        for n, pg in enumerate(pages, 1)
        if (m := re.search(r'yMin="([\d.]+)"[^>]*>参加验收单位签字<', pg))
    )
    dpi = 110
    y = int(top * dpi / 72) - 10
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-y", str(y),
         "-H", str(int(75 * dpi / 25.4)), "-x", "0", "-W", str(int(210 * dpi / 25.4)),
         "-singlefile", str(pdf), str(tmp_path / "sig")],
        check=True,
    )  # fmt: skip
    png = tmp_path / "sig.png"
    with Image.open(png) as im:
        dark = sum(1 for px in im.convert("L").get_flattened_data() if px < 128)
    assert dark > 2000  # the grid, the names and the signature strokes are drawn
    if SHOTS:
        shutil.copy(png, Path(SHOTS) / "report-signatures-acceptance.png")


def test_a_report_issued_before_pages_were_kept_passes_only_as_issued(signed, tmp_path, cli):
    """A record from before migration 0030 has no pages: the file as issued still verifies,
    a copy of it cannot be vouched for and says why."""
    from pypdf import PdfReader, PdfWriter

    prof = tmp_path / "p"
    shutil.copytree(signed["profile"], prof)
    with Store.open(prof) as s:
        s.db.execute("UPDATE reports SET pages = '{}' WHERE kind = 'acceptance'")
    code, out, _ = cli("verify", signed["acceptance"], "--data", prof)
    assert code == 0 and "byte for byte" in out
    copy = tmp_path / "copy.pdf"
    with open(copy, "wb") as f:
        PdfWriter(clone_from=PdfReader(signed["acceptance"])).write(f)
    code, out, _ = cli("verify", copy, "--data", prof)
    assert code == 1 and "older version" in out
