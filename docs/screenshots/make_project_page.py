"""Screenshots of the project page on a fresh demo profile, in Chinese.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_project_page.py

Writes project_page_*.png beside this file: the voting-stage community (tallies), a gate
refused and then overridden by an administrator, and the warranty-stage community (handover
list, warranty calendar).
"""

import sys
import tempfile
from pathlib import Path

from inspect_app import demo
from inspect_app.core import i18n
from inspect_app.core.model import Project, Stage, User
from inspect_app.store import Store

OUT = Path(__file__).resolve().parent


def main() -> int:
    i18n.set_language("zh")
    from PySide6.QtWidgets import QApplication

    from inspect_app.ui.app import application
    from inspect_app.ui.project_page import ProjectPage

    app = application()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "p", create=True) as store:
        demo.create(store)

        def page_for(stage: Stage) -> ProjectPage:
            project = store.find(Project, "stage = ?", [stage.value])[0]
            page = ProjectPage(store, project.id)
            page.resize(1180, 860)
            page.show()
            QApplication.processEvents()
            return page

        def save(page: ProjectPage, name: str) -> None:
            QApplication.processEvents()
            page.grab().save(str(OUT / name))
            print(OUT / name)

        save(page_for(Stage.VOTING), "project_page_voting.png")
        page = page_for(Stage.CONSTRUCTION)
        page.advance_button.click()
        save(page, "project_page_refused.png")
        store.set_actor(store.find(User, "role = 'admin'")[0].id)
        page.reason.setText("区住建委批准：重大隐患已采取临时措施，先行组织竣工预验收")
        page.advance_button.click()
        save(page, "project_page_override.png")
        page = page_for(Stage.WARRANTY)
        page.tabs.setCurrentIndex(1)
        save(page, "project_page_handover.png")
        page.tabs.setCurrentIndex(2)
        save(page, "project_page_warranty.png")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
