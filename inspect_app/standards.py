"""Loading the standards tables from their data files (resources/standards/*.yaml).

The tables themselves are parsed and used in core (pure); this module only reads the files.
A local or corrected edition replaces a file; every file names its standard and edition.
"""

from functools import cache
from pathlib import Path

import yaml

from .core.i18n import t
from .core.standards import Standards
from .core.standards.warranty import WarrantyTable
from .errors import InspectError
from .paths import resources_dir

# libyaml's safe loader when built in: the same documents (compared), read four times faster.
_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def standards_dir() -> Path:
    return resources_dir() / "standards"


def read_documents(folder: Path | None = None) -> dict[str, dict]:
    docs: dict[str, dict] = {}
    for f in sorted((folder or standards_dir()).glob("*.yaml")):
        try:
            data = yaml.load(f.read_text(encoding="utf-8"), Loader=_SAFE)
            key = data["standard"]["id"]
        except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
            raise InspectError(
                t(f"标准数据文件 {f} 无法读取：{e}", f"standards file {f} cannot be read: {e}")
            ) from None
        docs[key] = data
    return docs


@cache
def _load(folder: str) -> Standards:
    try:
        return Standards.from_documents(read_documents(Path(folder)))
    except (ValueError, KeyError, TypeError) as e:
        raise InspectError(
            t(f"标准数据有误（{folder}）：{e}", f"standards data in {folder} is wrong: {e}")
        ) from None


def load(folder: Path | None = None) -> Standards:
    """The tables of every standard, read once per folder."""
    return _load(str(folder or standards_dir()))


def warranty() -> WarrantyTable:
    """The art. 40 warranty table (the one table of periods, resources/standards)."""
    return load().warranty
