"""The navigator can be searched: a few characters find a community, building, inspection or
defect, and opening a match shows it in the tree."""

import shutil

from PySide6.QtCore import QSettings, Qt

from inspect_app.core.model import Defect, Project
from inspect_app.store import Store, tree_search


def test_find_by_a_few_characters(demo_profile, tmp_path):
    shutil.copytree(demo_profile, tmp_path / "p")
    with Store.open(tmp_path / "p") as store:
        kinds = {r.kind for r in tree_search.matching(store, "和平里")}
        assert "project" in kinds and "building" in kinds  # 和平里东街小区 · 3号楼
        gas = tree_search.matching(store, "燃气")
        assert any(r.kind == "defect" for r in gas)
        for r in gas:
            if r.kind == "defect":
                d = store.get(Defect, r.id)
                assert "燃气" in d.title or "燃气" in d.location_text
        assert tree_search.matching(store, "%") == [] and tree_search.matching(store, "  ") == []
        assert len(tree_search.matching(store, "号", limit=5)) == 5


def test_a_contractor_finds_only_its_own_defects(demo_profile, tmp_path):
    from inspect_app.core.model import Role, User

    shutil.copytree(demo_profile, tmp_path / "p")
    with Store.open(tmp_path / "p") as store:
        contractor = store.find(User, "role = ?", [Role.CONTRACTOR.value])[0]
        store.set_actor(contractor.id)
        store.actor = contractor.id
        found = [r for r in tree_search.matching(store, "楼", limit=400) if r.kind == "defect"]
        orgs = {store.get(Defect, r.id).assignee_org_id for r in found}
        assert orgs <= {contractor.org_id}


def test_ctrl_f_searches_and_enter_opens_the_match(qtbot, demo_profile, tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    application()
    shutil.copytree(demo_profile, tmp_path / "p")
    with Store.open(tmp_path / "p") as store:
        w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(w)
        w.show()
        d = store.find(Defect, "1=1", order_by="id DESC", limit=1)[0]
        w.tree_search.box.setText(d.title)
        qtbot.keyClick(w.tree_search.box, Qt.Key.Key_Return)
        assert w.current[0] in ("defect", "project", "building", "inspection")
        first = w.tree_search.results.item(0).data(Qt.ItemDataRole.UserRole)
        assert w.current == tuple(first)
        # A defect match opens in the tree, under its opened community and building.
        w.tree_search.box.setText(d.title)
        w.tree_search.search()
        for i in range(w.tree_search.results.count()):
            item = w.tree_search.results.item(i)
            if tuple(item.data(Qt.ItemDataRole.UserRole)) == ("defect", d.id):
                w.tree_search.results.itemActivated.emit(item)
                break
        assert w.current == ("defect", d.id)
        assert w.tree.currentIndex().isValid()
        w.tree_search.box.setText("不存在的名字xyz")
        w.tree_search.search()
        assert w.tree_search.empty.isVisibleTo(w) and not w.tree_search.results.isVisibleTo(w)
        assert store.get(Project, d.project_id)
        w.close()
