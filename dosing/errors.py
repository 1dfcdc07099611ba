"""One error root for the engine, with messages written for a pharmacist."""

from __future__ import annotations


class DosingError(Exception):
    """Anything the engine refuses. ``str()`` is the message to show a person."""


class InputError(DosingError):
    """An input is missing, unreadable or outside its accepted range.

    ``field`` names the input the way the user sees it (``weight``, ``height``,
    ``--choose methylprednisolone``) so the GUI can mark it and the CLI can name it.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class MissingInput(InputError):
    """A required input was not given at all (as opposed to given and refused).

    The window shows these more gently: an empty form is not a mistake. The message reads
    "is missing: <what to do>".
    """

    def __init__(self, field: str, what_to_do: str) -> None:
        super().__init__(field, f"is missing: {what_to_do}")


class ProtocolError(DosingError):
    """A protocol file is malformed: which file, which field, and why."""

    def __init__(self, source: str, field: str, reason: str) -> None:
        self.source = source
        self.field = field
        self.reason = reason
        super().__init__(f"{source}: {field}: {reason}")


class LimitError(DosingError):
    """A hard limit refuses the plan (e.g. a dose above 100% of the protocol dose)."""

    def __init__(self, code: str, message: str, item: str | None = None) -> None:
        self.code = code
        self.item = item
        self.message = message
        super().__init__(message)
