import shutil

import pytest

from inspect_app.store import Store


@pytest.fixture
def window(qtbot, demo_profile, tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    application()
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    store = Store.open(prof)
    w = MainWindow(store)
    qtbot.addWidget(w)
    yield w
    store.close()


def test_main_window_lists_the_communities(window, qtmodeltester):
    model = window.projects
    names = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert "和平里东街小区" in names and len(names) == 6
    qtmodeltester.check(model)
    assert "条问题记录" in window.statusBar().currentMessage()
