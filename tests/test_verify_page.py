"""扫码验真 end to end: a laptop prints, syncs; a phone (headless Chromium) opens the QR code's
URL on the central store (a real server on 127.0.0.1, SQLite and PostgreSQL) and reads the
verdict; `inspect-app verify --server` gives the same."""

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from PIL import Image
from syncutil import backend_params, start_server, sync
from test_report_proof import rewrite_text

from inspect_app import forms
from inspect_app.cli import main as cli_main
from inspect_app.core.model import Defect, Project, ProjectMember, Role
from inspect_app.paths import forms_dir
from inspect_app.reports.build import build_report
from inspect_app.server.verify_page import checks, set_public_url
from inspect_app.store import Store
from inspect_app.store.inspections import start_inspection
from inspect_app.store.signatures import sign

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# INSPECT_SCREENSHOTS=1: keep the screenshots in docs/screenshots for review.
SHOTS = DOCS if os.environ.get("INSPECT_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="shots-"))
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and DRIVER and shutil.which("zbarimg")),
    reason="chromium, chromium-driver and zbar-tools are installed by ./dev setup",
)


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 0, 0, 0)).save(buf, "PNG")
    return buf.getvalue()


def qr_url(pdf: Path, tmp: Path) -> str:
    """The URL in the last page's QR code, read back from the rendered page by zbarimg."""
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))
    out = tmp / f"{pdf.stem}-qr"
    _run("pdftoppm", "-r", "200", "-f", str(pages), "-l", str(pages), "-png", str(pdf), str(out))
    image = next(tmp.glob(f"{pdf.stem}-qr*.png"))
    text = _run("zbarimg", "--quiet", "--raw", str(image)).strip()
    return text.splitlines()[-1]


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


class Phone:
    """Headless Chromium (Debian's chromium and chromium-driver), driven by Selenium."""

    def __init__(self, width: int = 390, height: int = 844):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=zh-CN"):
            opts.add_argument(arg)
        opts.add_argument(f"--window-size={width},{height}")
        opts.add_experimental_option("prefs", {"webkit.webprefs.javascript_enabled": False})
        self.driver = webdriver.Chrome(options=opts, service=Service(DRIVER))
        self.driver.set_window_size(width, height)

    def read(self, url: str) -> str:
        """The text a person sees on the page (hidden blocks are not read)."""
        from selenium.webdriver.common.by import By

        self.driver.get("about:blank")  # a fresh load, so the fragment is the page's target
        self.driver.get(url)
        return self.driver.find_element(By.TAG_NAME, "body").text

    def shot(self, name: str) -> Path:
        from selenium.webdriver.common.by import By

        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / name
        height = self.driver.find_element(By.TAG_NAME, "body").size["height"]
        w = self.driver.get_window_size()["width"]
        self.driver.set_window_size(w, max(height + 140, 400))
        self.driver.save_screenshot(str(path))
        return path

    def close(self) -> None:
        self.driver.quit()


@pytest.fixture(autouse=True)
def chinese(monkeypatch):
    monkeypatch.setattr("inspect_app.core.i18n._lang", "zh")


@pytest.fixture(params=backend_params())
def server(request, tmp_path):
    srv = start_server(tmp_path, request.param)
    set_public_url(srv.service.db, srv.url)
    yield srv
    srv.stop()


def laptop(path: Path) -> Store:
    s = Store.open(path)
    s.set_actor(s.get_meta("user_id"))
    return s


def world(tmp_path, srv):
    """A community, an inspector's laptop that has synced once; (project id, laptop path)."""
    admin = srv.add_user("admin", "admin", "东城区住建委")
    zhang = srv.add_user("zhang", "inspector", "华建监理")
    assert admin
    sync(tmp_path / "admin", srv, "admin")
    with laptop(tmp_path / "admin") as s:
        p = s.save(Project(name="和平里东街小区", settings={"timezone": "Asia/Shanghai"}))
        s.save(ProjectMember(project_id=p.id, org_id=zhang.org_id, role=Role.INSPECTOR))
    assert not sync(tmp_path / "admin", srv, "admin").refused
    lap = tmp_path / "zhang"
    sync(lap, srv, "zhang")
    return p.id, lap


@needs_browser
def test_a_phone_reads_the_verdict_of_printed_papers(tmp_path, server):
    pid, lap = world(tmp_path, server)
    out = tmp_path / "out"
    out.mkdir()
    with laptop(lap) as s:
        assert s.get_meta("sync.public_url") == server.url  # learnt when it synced
        d = s.save(
            Defect(project_id=pid, title="燃气立管锈蚀", category="燃气", description="三号楼")
        )
        listing = build_report(s, "defects", out / "list.pdf", project_id=pid)
        s.save(Defect(project_id=pid, title="排水管堵塞", category="排水"))
        kept = build_report(s, "defects", out / "kept.pdf", project_id=pid)
        tpl = forms.load_file(forms_dir() / "patrol.yaml")
        insp = start_inspection(s, tpl, pid, title="三号楼燃气巡查")
        sign(s, "inspections", insp.id, strokes=[[[1, 2, 0, 0.5]]], png_bytes=png(),
             guest_name="李秀英", guest_role="居民代表")  # fmt: skip
        build_report(s, "inspection", out / "signed.pdf", inspection_id=insp.id)
    assert not sync(lap, server, "zhang").refused

    url = qr_url(out / "list.pdf", tmp_path)
    assert url == f"{server.url}/v/{listing.id}#{listing.content_hash}"
    phone = Phone()
    try:
        text = phone.read(url)
        assert "与存档一致" in text and "Matches the record" in text
        assert listing.number in text and "和平里东街小区" in text and "华建监理" in text, text
        assert "缺陷清单" in text
        phone.shot("verify-matches-phone.png")

        # A shown record changes on the laptop and reaches the central store.
        with laptop(lap) as s:
            s.save(replace(s.get(Defect, d.id), description="三号楼二单元"))
        # The inspection signed and printed is changed too: its signature is void.
        with laptop(lap) as s:
            from inspect_app.core.model import Inspection

            s.save(replace(s.get(Inspection, insp.id), notes="复查时补记"))
        assert not sync(lap, server, "zhang").refused

        text = phone.read(url)
        assert "存档已更改" in text and "与存档一致" not in text
        assert "问题描述" in text and "Description" in text  # the field, by its label
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", text)  # and when
        assert "三号楼二单元" not in text  # nothing the paper does not show
        phone.shot("verify-changed-phone.png")

        text = phone.read(qr_url(out / "signed.pdf", tmp_path))
        assert "签名已作废" in text and "李秀英" in text and "居民代表" in text
        assert "备注" in text  # why: what changed after signing
        phone.shot("verify-voided-phone.png")

        # An unknown id, and a known id with a hash that is not the one issued.
        text = phone.read(f"{server.url}/v/{'0' * 8}-0000-7000-8000-{'0' * 12}#{'a' * 64}")
        assert "未找到" in text and "可能是伪造" in text
        phone.shot("verify-unknown-phone.png")
        text = phone.read(f"{server.url}/v/{kept.id}#{'b' * 64}")
        assert "未找到" in text and "与存档一致" not in text and kept.number not in text
        text = phone.read(f"{server.url}/v/{kept.id}#{kept.content_hash}")
        assert "存档已更改" in text and "燃气立管锈蚀" in text  # it showed that defect too
    finally:
        phone.close()
    desk = Phone(1280, 900)
    try:
        assert "存档已更改" in desk.read(url)
        desk.shot("verify-changed-desktop.png")
        assert "签名已作废" in desk.read(qr_url(out / "signed.pdf", tmp_path))
        desk.shot("verify-voided-desktop.png")
    finally:
        desk.close()
    log = checks(server.service.db)
    assert log and all(addr == "127.0.0.1" for _, addr, _, _ in log)
    assert (listing.id, "changed?") in {(rid, v) for _, _, rid, v in log}


@needs_browser
def test_papers_printed_before_the_first_sync_carry_id_and_hash(tmp_path):
    with Store.open(tmp_path / "new", create=True) as s:  # a laptop that never synced
        p = s.save(Project(name="和平里东街小区"))
        s.save(Defect(project_id=p.id, title="燃气立管锈蚀", category="燃气"))
        rep = build_report(s, "defects", tmp_path / "list.pdf", project_id=p.id)
    found = qr_url(tmp_path / "list.pdf", tmp_path)
    assert found == f"inspect-app:report:{rep.id}:sha256:{rep.content_hash}"


def test_verify_on_the_command_line_against_the_server(tmp_path, server, capsys):
    pid, lap = world(tmp_path, server)
    with laptop(lap) as s:
        d = s.save(Defect(project_id=pid, title="燃气立管锈蚀", category="燃气"))
        rep = build_report(s, "defects", tmp_path / "list.pdf", project_id=pid)
    # Printed, not yet synced: not known yet.
    assert (
        cli_main(["verify", "--id", rep.id, "--hash", rep.content_hash, "--server", server.url])
        == 1
    )
    assert "未找到" in capsys.readouterr().out
    assert not sync(lap, server, "zhang").refused
    assert cli_main(["verify", str(tmp_path / "list.pdf"), "--server", server.url]) == 0
    said = capsys.readouterr().out
    assert "与存档一致" in said and rep.number in said
    assert cli_main(["verify", "--id", rep.id, "--hash", "c" * 64, "--server", server.url]) == 1
    assert "未找到" in capsys.readouterr().out
    # A copy whose printed text was altered: the page says what differs.
    forged = tmp_path / "forged.pdf"
    number = rep.number[:-1] + ("1" if rep.number[-1] != "1" else "2")
    rewrite_text(tmp_path / "list.pdf", rep.number, number, forged)
    assert cli_main(["verify", str(forged), "--server", server.url]) == 1
    said = capsys.readouterr().out
    assert "文件本身与出具时不同" in said and number[-6:] in said
    with laptop(lap) as s:
        s.save(replace(s.get(Defect, d.id), title="燃气立管严重锈蚀"))
    sync(lap, server, "zhang")
    assert cli_main(["verify", str(tmp_path / "list.pdf"), "--server", server.url]) == 1
    said = capsys.readouterr().out
    assert "存档已更改" in said and "标题" in said


def test_a_forged_issued_report_is_refused_by_the_central_store(tmp_path, server):
    pid, lap = world(tmp_path, server)
    with laptop(lap) as s:
        s.save(Defect(project_id=pid, title="燃气立管锈蚀", category="燃气"))
        rep = build_report(s, "defects", tmp_path / "list.pdf", project_id=pid)
        # The laptop's record is doctored before it is sent: it claims another hash.
        s.db.execute(
            "UPDATE outbox SET fields = json_set(fields, '$.content_hash', ?)"
            " WHERE table_name = 'reports'",
            ["d" * 64],
        )
    report = sync(lap, server, "zhang")
    assert any("校验值" in str(r) for r in report.refused)
    r = httpx.get(f"{server.url}/v/{rep.id}.json", params={"hash": rep.content_hash})
    assert r.status_code == 404 and r.json()["verdict"] == "not_found"


def test_the_page_is_throttled_per_address_like_sign_ins(tmp_path, server):
    base = f"{server.url}/v/{'0' * 8}-0000-7000-8000-{'0' * 12}"
    codes = [httpx.get(base).status_code for _ in range(11)]
    assert codes[:10] == [404] * 10 and codes[10] == 429
    r = httpx.get(base)
    assert r.status_code == 429 and "分钟后再试" in r.text and int(r.headers["Retry-After"]) > 0
    assert len(checks(server.service.db)) == 10  # turned-away requests are not checks
    assert json.loads(httpx.get(f"{server.url}/v1/health").text)["ok"]


@needs_browser
def test_a_laptop_that_syncs_by_usb_stick_learns_the_public_url_too(tmp_path, server):
    from inspect_app.server.bundle import answer_bundle
    from inspect_app.sync.bundle import export_bundle, import_reply

    pid, lap = world(tmp_path, server)
    with laptop(lap) as s:
        s.set_meta("sync.public_url", "")  # as if it had only ever synced before the setting
        s.save(Defect(project_id=pid, title="燃气立管锈蚀", category="燃气"))
        export_bundle(s, tmp_path / "up.zip")
    answer_bundle(server.service, server.blobs, tmp_path / "up.zip", tmp_path / "down.zip")
    with laptop(lap) as s:
        import_reply(s, tmp_path / "down.zip")
        assert s.get_meta("sync.public_url") == server.url
        rep = build_report(s, "defects", tmp_path / "list.pdf", project_id=pid)
    assert qr_url(tmp_path / "list.pdf", tmp_path) == f"{server.url}/v/{rep.id}#{rep.content_hash}"


def test_a_changed_answer_is_named_by_its_item_and_voids_the_signature(tmp_path, server):
    from inspect_app.store.inspections import set_answer

    pid, lap = world(tmp_path, server)
    with laptop(lap) as s:
        insp = start_inspection(s, forms.load_file(forms_dir() / "patrol.yaml"), pid)
        set_answer(s, insp.id, "work_areas", "三号楼外墙保温")
        sign(s, "inspections", insp.id, strokes=[[[1, 2, 0, 0.5]]], png_bytes=png(),
             guest_name="李秀英", guest_role="居民代表")  # fmt: skip
        rep = build_report(s, "inspection", tmp_path / "r.pdf", inspection_id=insp.id)
    assert not sync(lap, server, "zhang").refused
    url = f"{server.url}/v/{rep.id}.json"
    assert httpx.get(url, params={"hash": rep.content_hash}).json()["verdict"] == "matches"
    with laptop(lap) as s:
        set_answer(s, insp.id, "work_areas", "三号楼外墙保温及屋面")
    assert not sync(lap, server, "zhang").refused
    c = httpx.get(url, params={"hash": rep.content_hash}).json()
    assert c["verdict"] == "voided"
    assert [ch["label_zh"] for ch in c["changes"]] == ["检查项「在施部位/工序」"]
    assert c["signers"][0]["name"] == "李秀英" and "在施部位/工序" in c["signers"][0]["void_zh"]
    assert "三号楼外墙保温及屋面" not in json.dumps(c, ensure_ascii=False)  # labels, not values


def test_hostile_requests_to_the_page_get_words_not_errors(tmp_path, server):
    base = f"{server.url}/v"
    r = httpx.get(f"{base}/%3Cscript%3Ealert(1)%3Cb%3E")
    assert r.status_code == 404 and "<script>" not in r.text and "未找到" in r.text
    r = httpx.get(f"{base}/{'0' * 8}-0000-7000-8000-{'0' * 12}", params={"h": "x" * 5000})
    assert r.status_code == 404 and "未找到" in r.text
    r = httpx.get(f"{base}/{'0' * 8}-0000-7000-8000-{'0' * 12}.json", params={"hash": "zz"})
    assert r.status_code == 404 and r.json()["verdict"] == "not_found"
    assert "script" not in r.headers.get("content-type", "")


def test_an_issued_report_naming_a_signature_not_as_held_is_refused(tmp_path, server):
    pid, lap = world(tmp_path, server)
    with laptop(lap) as s:
        insp = start_inspection(s, forms.load_file(forms_dir() / "patrol.yaml"), pid)
        sig = sign(s, "inspections", insp.id, strokes=[[[1, 2, 0, 0.5]]], png_bytes=png(),
                   guest_name="李秀英", guest_role="居民代表")  # fmt: skip
        build_report(s, "inspection", tmp_path / "r.pdf", inspection_id=insp.id)
        # The laptop claims the signature signed something else.
        s.db.execute(
            "UPDATE outbox SET fields = json_set(fields, '$.signatures',"
            " json_object(?, json_object('target', ?, 'hash', ?)) || '') WHERE table_name = 'reports'",
            [sig.id, f"inspections/{insp.id}", "e" * 64],
        )
    report = sync(lap, server, "zhang")
    assert any("签名" in str(r) for r in report.refused)


def test_a_photo_added_to_a_shown_defect_is_a_change(tmp_path, server):
    from inspect_app.core.model import Photo, PhotoLink

    pid, lap = world(tmp_path, server)
    with laptop(lap) as s:
        d = s.save(Defect(project_id=pid, title="燃气立管锈蚀", category="燃气"))
        for n in (1, 2):
            sha = s.blobs.put_bytes(png() + bytes([n]))
            ph = s.save(Photo(sha256=sha, project_id=pid, bytes=len(png()) + 1))
            if n == 1:
                s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id))
        rep = build_report(s, "defects", tmp_path / "list.pdf", project_id=pid)
    assert not sync(lap, server, "zhang").refused
    url = f"{server.url}/v/{rep.id}.json"
    assert httpx.get(url, params={"hash": rep.content_hash}).json()["verdict"] == "matches"
    with laptop(lap) as s:
        s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id))
    assert not sync(lap, server, "zhang").refused
    c = httpx.get(url, params={"hash": rep.content_hash}).json()
    assert c["verdict"] == "changed" and [x["label_zh"] for x in c["changes"]] == ["照片"]
    assert c["changes"][0]["at"]


def test_every_kind_of_printed_document_has_a_title_for_the_page():
    from inspect_app.core.report_kinds import TITLES
    from inspect_app.reports.build import KINDS
    from inspect_app.reports.context import NUMBER_PREFIX

    assert set(NUMBER_PREFIX) <= set(TITLES)  # each 编号 kind is named on the check page
    assert all(KINDS[k][:2] == TITLES[k] for k in KINDS)


def test_an_issued_report_showing_another_communitys_record_is_refused(tmp_path, server):
    pid, lap = world(tmp_path, server)
    with laptop(tmp_path / "admin") as s:
        other = s.save(Project(name="安贞里小区"))
        secret = s.save(Defect(project_id=other.id, title="别处的问题", category="燃气"))
    assert not sync(tmp_path / "admin", server, "admin").refused
    with laptop(lap) as s:
        s.save(Defect(project_id=pid, title="燃气立管锈蚀", category="燃气"))
        rep = build_report(s, "defects", tmp_path / "list.pdf", project_id=pid)
        # The laptop slips a record of a community it may not see into what the paper showed.
        contents = dict(rep.contents)
        contents[f"defects/{secret.id}"] = {"type": "defects", "record": {"title": "别处的问题"}}
        from inspect_app.core.signing import report_hash

        s.db.execute(
            "UPDATE outbox SET fields = json_set(json_set(fields, '$.contents', ?),"
            " '$.content_hash', ?) WHERE table_name = 'reports'",
            [json.dumps(contents, ensure_ascii=False), report_hash(contents, [])],
        )
    report = sync(lap, server, "zhang")
    assert any("另一个小区" in str(r) for r in report.refused)
