"""The check code printed on every page of a saved plan's sheets, and read back from paper.

``TX1-K7M2Q9XD-2-DCF72EEF-123``: format 1, the plan id (without its dash), the version, the
first 8 hex digits of the content hash, and the audit position (how many events the log held
when the plan was loaded for printing). Letters, digits and dashes only, so it is typed
without ambiguity, read aloud on the phone, and fits a QR code in its compact alphanumeric
mode. ``txdose check-sheet CODE`` says whether the paper is the current verified version.
No database here: the sheets import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dosing.errors import InputError

PREFIX = "TX1"
_HASH_DIGITS = 8
_CODE = re.compile(r"^TX1-([0-9A-Z]{8})-([0-9]{1,6})-([0-9A-F]{8})-([0-9]{1,12})$")


@dataclass(frozen=True)
class CheckCode:
    plan_id: str  # with its dash, as the store files it: K7M2-Q9XD
    version: int
    hash_prefix: str  # lower-case hex, as content hashes are stored
    position: int

    def __str__(self) -> str:
        raw = self.plan_id.replace("-", "")
        return f"{PREFIX}-{raw}-{self.version}-{self.hash_prefix.upper()}-{self.position}"


def make_check_code(
    plan_id: str | None, version: int | None, content_hash: str, position: int | None
) -> CheckCode | None:
    """The code of a saved version's sheet; None for a plan never saved (nothing to check)."""
    if plan_id is None or version is None or len(content_hash) < _HASH_DIGITS:
        return None
    return CheckCode(plan_id, version, content_hash[:_HASH_DIGITS].lower(), position or 0)


def parse_check_code(text: str) -> CheckCode:
    """A code as printed, read by a person or a scanner: case, spaces and a wrapped line
    break do not matter."""
    cleaned = "".join(text.split()).upper()
    found = _CODE.match(cleaned)
    if found is None:
        raise InputError(
            "check code",
            f"'{text.strip()}' is not a txdose check code (like TX1-K7M2Q9XD-2-DCF72EEF-123, "
            "printed at the foot of every page)",
        )
    raw, version, prefix, position = found.groups()
    return CheckCode(f"{raw[:4]}-{raw[4:]}", int(version), prefix.lower(), int(position))
