"""Typed errors. Each carries a message a user can act on; the CLI and the UI show them in one place.

`InspectError` and its subclasses are *expected* trouble (bad input, environment problems);
anything else reaching the top is a bug and is logged with its traceback.
"""


class InspectError(Exception):
    """Expected failure with a message meant for the user."""

    exit_code = 2


class ProfileError(InspectError):
    """The profile folder is missing, unwritable, or not a profile."""


class DatabaseError(InspectError):
    """The local database cannot be opened or written (corrupt file, locked, disk full)."""


class TemplateError(InspectError):
    """A checklist template is malformed. `problems` holds one line per problem."""

    exit_code = 1

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class NotFound(InspectError):
    """A record named by the user does not exist."""


class WorkflowError(InspectError):
    """An action the workflow forbids (wrong status, wrong role)."""
