"""The first start: an empty profile opens here, not on a blank window.

Three ways on: open the demo; connect to a central store (address, user, password — a failure
says which address, what happened and what to check); or, for an administrator or supervisor,
create a community on this laptop. Long work (making the demo, the first sync) runs off the GUI
thread on its own connection to the profile; `ready` tells the window to show what is there.
"""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import label, t
from ..core.model import NAMES, User
from ..errors import InspectError
from ..store import Store, community, identity
from .tasks import TaskRunner


def _hint(text: str) -> QLabel:
    w = QLabel(text)
    w.setWordWrap(True)
    w.setObjectName("hint")
    return w


def _error_label() -> QLabel:
    w = QLabel()
    w.setWordWrap(True)
    w.setObjectName("errorLabel")
    w.setStyleSheet("color: #c92a2a;")
    w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.hide()
    return w


def _make_demo(root: Path) -> None:
    from .. import demo

    with Store.open(root) as s:
        if s.count(User):
            raise InspectError(t("本机已有数据，不能再生成演示数据。",
                                 "this laptop already has data; the demo was not made"))  # fmt: skip
        demo.create(s)


def _connect(root: Path, server: str, user: str, password: str) -> int:
    """Sign in on the central store and fetch what this user may see; the records received."""
    from ..sync.client import SyncClient

    with Store.open(root) as s, SyncClient(s, server, user, password=lambda: password) as client:
        client.login()
        report = client.sync()
        return getattr(report, "pulled", 0)


class WelcomePage(QWidget):
    ready = Signal(str)  # what happened: "demo", "connected" or "community:<id>"

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.store = store
        self.tasks = TaskRunner(self)
        title = QLabel(t("欢迎使用老旧小区改造质量安全检查", "Welcome to inspect-app"))
        title.setObjectName("pageTitle")
        intro = _hint(t("这台电脑上还没有小区。选一种方式开始：",
                        "There are no communities on this laptop yet. Choose how to begin:"))  # fmt: skip
        cards = QHBoxLayout()
        cards.addWidget(self._demo_card(), 1)
        cards.addWidget(self._connect_card(), 1)
        cards.addWidget(self._create_card(), 1)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(title)
        lay.addWidget(intro)
        lay.addLayout(cards)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh()

    # ----- the demo ----------------------------------------------------------------------------

    def _demo_card(self) -> QGroupBox:
        box = QGroupBox(t("看一看演示", "Try the demo"))
        self.demo_button = QPushButton(t("打开演示数据", "Open the demo"))
        self.demo_button.setObjectName("welcomeDemo")
        self.demo_button.clicked.connect(self.open_demo)
        self.demo_status = _hint("")
        self.demo_error = _error_label()
        lay = QVBoxLayout(box)
        lay.addWidget(_hint(t(
            "六个示例小区，带检查记录、问题、整改和签字；以检查员张伟登录，"
            "演示用户的密码都是 demo。",
            "Six sample communities with inspections, defects, replies and signatures; signed "
            "in as the inspector 张伟. Every demo user's password is demo.",
        )))  # fmt: skip
        lay.addStretch(1)
        lay.addWidget(self.demo_status)
        lay.addWidget(self.demo_error)
        lay.addWidget(self.demo_button)
        return box

    def open_demo(self) -> None:
        self.demo_button.setEnabled(False)
        self.demo_error.hide()
        self.demo_status.setText(t("正在生成演示数据…", "Making the demo…"))
        self.demo_task = self.tasks.run(
            lambda _ctx: _make_demo(self._root()),
            "demo",
            on_done=lambda _r: self._done("demo"),
            on_error=lambda e: self._failed(self.demo_error, self.demo_button, e),
        )

    # ----- a central store ---------------------------------------------------------------------

    def _connect_card(self) -> QGroupBox:
        box = QGroupBox(t("连接中心服务器", "Connect to a central store"))
        self.server = QLineEdit(self.store.get_meta("sync.server") or "")
        self.server.setPlaceholderText("http://192.168.1.10:8765")
        self.server.setMinimumWidth(200)
        self.user = QLineEdit(self.store.get_meta("sync.user") or "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.connect_server)
        self.connect_button = QPushButton(t("连接并同步", "Connect and sync"))
        self.connect_button.setObjectName("welcomeConnect")
        self.connect_button.clicked.connect(self.connect_server)
        self.connect_status = _hint("")
        self.connect_error = _error_label()
        form = QFormLayout()
        form.addRow(t("服务器地址", "Address"), self.server)
        form.addRow(t("用户名", "User"), self.user)
        form.addRow(t("密码", "Password"), self.password)
        lay = QVBoxLayout(box)
        lay.addWidget(_hint(t("单位已有中心服务器时：填写管理员给的地址和账号，"
                              "取回你负责的小区。密码不保存。",
                              "When your office runs a central store: the address and account "
                              "your administrator gave you. The password is not kept.")))  # fmt: skip
        lay.addLayout(form)
        lay.addStretch(1)
        lay.addWidget(self.connect_status)
        lay.addWidget(self.connect_error)
        lay.addWidget(self.connect_button)
        return box

    def connect_server(self) -> None:
        from ..sync.reach import check_address

        self.connect_error.hide()
        try:
            server = check_address(self.server.text())
        except ValueError as e:
            self._show_error(self.connect_error, str(e))
            return
        user, password = self.user.text().strip(), self.password.text()
        if not user or not password:
            self._show_error(self.connect_error, t("请填写用户名和密码。",
                                                   "enter the user name and password"))  # fmt: skip
            return
        self.server.setText(server)
        self.connect_button.setEnabled(False)
        self.connect_status.setText(t(f"正在连接 {server}…", f"Connecting to {server}…"))
        self.connect_task = self.tasks.run(
            lambda _ctx: _connect(self._root(), server, user, password),
            "connect",
            on_done=lambda _r: self._done("connected"),
            on_error=lambda e: self._failed(self.connect_error, self.connect_button, e),
        )

    # ----- a community here --------------------------------------------------------------------

    def _create_card(self) -> QGroupBox:
        box = QGroupBox(t("在本机新建小区", "Create a community here"))
        self.create_note = _hint("")
        self.first_user = QWidget()
        fu = QFormLayout(self.first_user)
        fu.setContentsMargins(0, 0, 0, 0)
        self.login_name = QLineEdit()
        self.login_name.setPlaceholderText(t("登录名，如 liugong", "sign-in name, e.g. liu"))
        self.display_name = QLineEdit()
        self.org_name = QLineEdit()
        self.org_name.setPlaceholderText(t("如 华建监理", "e.g. 华建监理"))
        self.role = QComboBox()
        for r in community.SETUP_ROLES:
            self.role.addItem(label(NAMES[r]), r.value)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText(t("至少 6 位", "at least 6 characters"))
        fu.addRow(t("登录名", "User"), self.login_name)
        fu.addRow(t("姓名", "Name"), self.display_name)
        fu.addRow(t("单位", "Organization"), self.org_name)
        fu.addRow(t("角色", "Role"), self.role)
        fu.addRow(t("密码", "Password"), self.new_password)
        self.community_name = QLineEdit()
        self.community_name.setPlaceholderText(t("如 幸福里小区", "e.g. 幸福里小区"))
        self.address = QLineEdit()
        self.buildings = QLineEdit()
        self.buildings.setPlaceholderText(t("如 1号楼，2号楼，3号楼", "e.g. 1号楼, 2号楼"))
        form = QFormLayout()
        form.addRow(t("小区名称", "Community"), self.community_name)
        form.addRow(t("地址", "Address"), self.address)
        form.addRow(t("楼栋", "Buildings"), self.buildings)
        self.create_button = QPushButton(t("新建小区", "Create the community"))
        self.create_button.setObjectName("welcomeCreate")
        self.create_button.clicked.connect(self.create_community)
        self.create_error = _error_label()
        lay = QVBoxLayout(box)
        lay.addWidget(self.create_note)
        lay.addWidget(self.first_user)
        lay.addLayout(form)
        lay.addStretch(1)
        lay.addWidget(self.create_error)
        lay.addWidget(self.create_button)
        return box

    def _root(self) -> Path:
        """The profile folder this page fills (a window always has one)."""
        assert self.store.root is not None
        return Path(self.store.root)

    def refresh(self) -> None:
        """Who may create a community: the signed-in administrator or supervisor, or the first
        user of an empty laptop (made with it)."""
        who = identity.current(self.store)
        nobody = who is None and not self.store.count(User)
        self.first_user.setVisible(nobody)
        allowed = nobody or (who is not None and who.role in community.creators(self.store))
        for w in (self.community_name, self.address, self.buildings, self.create_button):
            w.setEnabled(allowed)
        if nobody:
            note = t("管理员或监理在没有中心服务器时使用：先建立你的账号，再建立小区。",
                     "For an administrator or supervisor without a central store: your "
                     "account first, then the community.")  # fmt: skip
        elif allowed and who is not None:
            note = t(f"以 {who.describe()} 新建。", f"Created as {who.describe()}.")
        else:
            note = t("只有管理员或监理可以新建小区；请连接中心服务器取回你的小区，"
                     "或用“切换用户”以管理员或监理登录。",
                     "Only an administrator or a supervisor can create a community: connect "
                     "to the central store for yours, or switch to such a user.")  # fmt: skip
        self.create_note.setText(note)

    def create_community(self) -> None:
        self.create_error.hide()
        names = self.buildings.text().replace("，", ",").replace("、", ",").split(",")
        try:
            if identity.current(self.store) is None and not self.store.count(User):
                community.first_user(self.store, self.login_name.text(), self.display_name.text(),
                                     self.org_name.text(), self.role.currentData(),
                                     self.new_password.text())  # fmt: skip
            project = community.create_community(self.store, self.community_name.text(),
                                                 self.address.text(), buildings=names)  # fmt: skip
        except InspectError as e:
            self._show_error(self.create_error, str(e))
            self.refresh()
            return
        self._done(f"community:{project.id}")

    # ----- endings -----------------------------------------------------------------------------

    def _show_error(self, where: QLabel, text: str) -> None:
        where.setText(text)
        where.show()

    def _failed(self, where: QLabel, button: QPushButton, error: Exception) -> None:
        button.setEnabled(True)
        self.demo_status.setText("")
        self.connect_status.setText("")
        text = str(error) if isinstance(error, InspectError) else f"{type(error).__name__}: {error}"
        self._show_error(where, text)

    def _done(self, what: str) -> None:
        self.demo_status.setText("")
        self.connect_status.setText("")
        self.demo_button.setEnabled(True)
        self.connect_button.setEnabled(True)
        self.ready.emit(what)

    def wait(self) -> None:
        self.tasks.wait()
