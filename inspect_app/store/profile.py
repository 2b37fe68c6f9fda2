"""The profile folder: one laptop's database and blobs."""

import os
from pathlib import Path

import platformdirs

from ..core.i18n import t
from ..errors import ProfileError

DB_NAME = "inspect.db"
BLOBS = "blobs"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("inspect-app", appauthor=False))


def check_profile_dir(path: Path, create: bool) -> Path:
    """Make sure `path` can hold a profile; create it when asked. Raise ProfileError if not."""
    path = Path(path).expanduser()
    if path.exists() and not path.is_dir():
        raise ProfileError(
            t(f"数据目录不是文件夹：{path}", f"the data path is not a folder: {path}")
        )
    if not path.exists():
        if not create:
            raise ProfileError(
                t(
                    f"数据目录不存在：{path}。请检查 --data，或用 inspect-app demo --data {path} 创建演示数据。",
                    f"no profile at {path}: check --data, or create a demo profile with "
                    f"`inspect-app demo --data {path}`",
                )
            )
        try:
            path.mkdir(parents=True)
        except OSError as e:
            raise ProfileError(
                t(f"无法创建数据目录 {path}：{e.strerror}", f"cannot create {path}: {e.strerror}")
            ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise ProfileError(
            t(
                f"数据目录只读：{path}。数据未被修改；请将其复制到可写位置后再打开。",
                f"the profile folder is read-only: {path}. Nothing was changed; copy it to a "
                "writable place and open the copy.",
            )
        )
    return path
