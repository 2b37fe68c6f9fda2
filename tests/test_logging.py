"""The log: a rotating file in the profile, errors with their traceback, timings at INFO, and
its place shown in Settings."""

import logging
import shutil

import photo_samples as ps
import pytest
from syncutil import PASSWORD, start_server
from syncutil import sync as sync_as

from inspect_app import logs
from inspect_app.cli import main
from inspect_app.core.model import Project
from inspect_app.store import Store


@pytest.fixture(autouse=True)
def _no_log_file_after():
    yield
    logs.configure(None)  # later tests do not write into this test's folders


def _text(profile) -> str:
    return logs.log_file(profile).read_text(encoding="utf-8")


def test_the_log_is_a_file_in_the_profile_and_rotates(tmp_path):
    path = logs.configure_profile(tmp_path / "p")
    assert path == tmp_path / "p" / "logs" / "inspect-app.log" == logs.current_file()
    logging.getLogger("inspect_app.store").info("打开数据目录 %s", "p")
    assert "INFO inspect_app.store: 打开数据目录 p" in _text(tmp_path / "p")
    logging.getLogger("inspect_app.store").debug("not at INFO")
    assert "not at INFO" not in _text(tmp_path / "p")

    logs.configure(tmp_path / "small", max_bytes=2000)
    for i in range(400):
        logging.getLogger("inspect_app.sync").info("line %04d %s", i, "x" * 40)
    files = sorted(p.name for p in (tmp_path / "small").iterdir())
    assert files[0] == "inspect-app.log" and "inspect-app.log.1" in files
    assert len(files) == logs.BACKUPS + 1  # the oldest are dropped
    assert "line 0399" in (tmp_path / "small" / "inspect-app.log").read_text(encoding="utf-8")


def test_configuring_again_moves_the_log_and_an_unwritable_folder_is_no_error(tmp_path):
    logs.configure_profile(tmp_path / "a")
    logs.configure_profile(tmp_path / "b")
    logging.getLogger("inspect_app").warning("only in b")
    assert "only in b" in _text(tmp_path / "b") and "only in b" not in _text(tmp_path / "a")
    (tmp_path / "file").write_text("not a folder")
    assert logs.configure(tmp_path / "file" / "logs") is None
    logging.getLogger("inspect_app").error("nowhere to go, and no exception")


def test_cli_internal_error_reaches_the_profile_log_with_its_traceback(
    tmp_path, monkeypatch, capsys
):
    from inspect_app.cli import export_cmd

    prof = tmp_path / "p"
    Store.open(prof, create=True).close()

    def broken(args):
        return {}["no such key"]  # a bug in a command

    monkeypatch.setattr(export_cmd, "run", broken)
    assert main(["export", "--data", str(prof), "--out", str(tmp_path / "x.json")]) == 70
    text = _text(prof)
    assert "ERROR inspect_app.cli: internal error in `inspect-app export" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'no such key'" in text
    assert "in broken" in text  # the frame where it happened


def test_an_unexpected_error_in_the_app_is_logged_with_its_traceback(tmp_path, qapp):
    from inspect_app.errors import InspectError
    from inspect_app.ui.messages import RecordedMessages, set_messages, show_error

    logs.configure_profile(tmp_path)
    old = set_messages(RecordedMessages())
    try:
        try:
            int("三")
        except ValueError as e:
            show_error(None, e)
        show_error(None, InspectError("文件不存在"))
    finally:
        set_messages(old)
    text = _text(tmp_path)
    assert "ERROR inspect_app.ui.messages: unexpected error" in text
    assert 'int("三")' in text and "ValueError: invalid literal" in text
    assert "WARNING inspect_app.ui.messages: shown to the user: 文件不存在" in text


def test_a_failing_background_task_is_logged_with_its_traceback(tmp_path, qtbot, qapp):
    from inspect_app.ui.tasks import TaskRunner

    logs.configure_profile(tmp_path)
    runner = TaskRunner()

    def divide(ctx):
        return 1 / 0

    task = runner.run(divide, "打印报告")
    with qtbot.waitSignal(task.failed, timeout=5000):
        pass
    runner.wait()
    text = _text(tmp_path)
    assert "task '打印报告' failed" in text and "ZeroDivisionError" in text and "divide" in text


def test_sync_photo_import_and_report_timings_are_logged(tmp_path, demo_profile):
    from inspect_app.photos.importer import import_paths
    from inspect_app.reports.build import build_report

    prof = tmp_path / "laptop"
    srv = start_server(tmp_path, "sqlite")
    try:
        srv.add_user("admin", "admin", "东城区住建委")
        logs.configure_profile(prof)
        sync_as(prof, srv, "admin")
        with Store.open(prof) as s:
            s.save(Project(name="和平里东街小区"))
        sync_as(prof, srv, "admin")
    finally:
        srv.stop()
    text = _text(prof)
    assert f"INFO inspect_app.sync.client: sync with {srv.url} as admin took" in text
    assert "pushed=1 refused=0" in text
    assert "sync: push took" in text and "sync: pull took" in text

    with Store.open(prof) as s:
        p = s.find(Project)[0]
        files = [ps.jpeg(tmp_path / f"{i}.jpg", ps.card(seed=i)) for i in range(2)]
        import_paths(s, files, p.id, workers=0)
    assert "photo import of 2 files took" in _text(prof) and "imported=2 refused=0" in _text(prof)

    copy = tmp_path / "demo"
    shutil.copytree(demo_profile, copy)
    with Store.open(copy) as s:
        p = s.find(Project)[0]
        build_report(s, "defects", tmp_path / "defects.xlsx", project_id=p.id)
    assert "INFO inspect_app.reports.build: report defects to defects.xlsx took" in _text(prof)
    assert PASSWORD not in _text(prof)


def test_settings_show_where_the_log_is(tmp_path, qtbot, qapp):
    from PySide6.QtCore import QSettings

    from inspect_app.ui.settings_dialog import SettingsDialog

    with Store.open(tmp_path / "p", create=True) as store:
        logs.configure_profile(store.root)
        dlg = SettingsDialog(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(dlg)
        shown = dlg.findChild(type(dlg.log_label), "log_path").text()
        assert shown == str(tmp_path / "p" / "logs" / "inspect-app.log")
        logs.configure(None)
        dlg2 = SettingsDialog(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(dlg2)
        assert dlg2.log_label.text() == shown  # where the app would write it
