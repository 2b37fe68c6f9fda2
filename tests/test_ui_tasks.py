"""The task runner: work off the GUI thread, results and progress back on it, cancel."""

import threading

import pytest

from inspect_app.ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.wait()


def test_result_and_progress_arrive_on_the_gui_thread(qtbot, runner):
    gui = threading.get_ident()
    seen = []

    def work(ctx):
        assert threading.get_ident() != gui
        for i in range(3):
            ctx.progress(i + 1, 3, "步骤")
        return 42

    task = runner.run(work, "sum")
    task.progressed.connect(lambda d, t, _s: seen.append((d, t, threading.get_ident() == gui)))
    with qtbot.waitSignal(task.finished, timeout=5000) as sig:
        pass
    assert sig.args == [42]
    qtbot.waitUntil(lambda: task not in runner.running)
    assert all(on_gui for *_x, on_gui in seen)


def test_a_failure_is_handed_back_not_lost(qtbot, runner):
    task = runner.run(lambda ctx: 1 / 0, "boom")
    with qtbot.waitSignal(task.failed, timeout=5000) as sig:
        pass
    assert isinstance(sig.args[0], ZeroDivisionError)


def test_cancel_stops_a_long_task(qtbot, runner):
    started = threading.Event()

    def long(ctx):
        started.set()
        while True:
            ctx.check()

    task = runner.run(long, "long")
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
