"""`inspect-app forms check|schema`."""

import json
import sys
from pathlib import Path

from .. import forms
from ..core import templates
from ..core.i18n import label, t


def register(sub, data_option) -> None:
    p = sub.add_parser("forms", help=t("检查表模板", "checklist templates"))
    fsub = p.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    c = fsub.add_parser(
        "check",
        help=t("校验模板（默认 forms/ 下全部）", "validate templates (all of forms/ by default)"),
    )
    c.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    data_option(c)
    c.set_defaults(handler=check)
    s = fsub.add_parser(
        "schema", help=t("输出模板格式的 JSON Schema", "print the template format's JSON Schema")
    )
    data_option(s)
    s.set_defaults(handler=schema)


def check(args) -> int:
    loaded, problems = forms.check(args.paths or None)
    for tpl in loaded:
        print(
            f"ok  {tpl.source}  {tpl.id} v{tpl.version}  {label(tpl.title)}  ({len(tpl.items())} items)"
        )
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


def schema(args) -> int:
    print(json.dumps(templates.schema(), ensure_ascii=False, indent=2, sort_keys=True))
    return 0
