"""What an answer can be, shared by the templates, the engine and the computations."""

from typing import Any

PASS, FAIL, NA = "pass", "fail", "na"
FAILING = ("pass_fail", "choice", "number", "computed", "score")  # item types that can fail


def is_empty(value: Any) -> bool:
    """An unanswered item: nothing, an empty string or an empty list."""
    return value is None or value == "" or value == []
