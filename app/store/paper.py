"""Is this paper the plan as it stands? A sheet's check code against the store.

- ``current``: the code's version is the plan's current version, verified, with this content
  (the only paper to give from);
- ``superseded``: a real printout of this plan that is no longer what to give: a later version
  exists, the plan was cancelled, or the version was never verified (a draft);
- ``unknown``: no such plan or version here, or content or audit position that this database
  never had: paper from another database, a mistyped code, or altered paper.
A version that disagrees with its audit events is refused (``TamperedError``) as at open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.store.check_code import CheckCode
from app.store.errors import NotFoundError
from app.store.reading import StoreReader

Verdict = Literal["current", "superseded", "unknown"]


@dataclass(frozen=True)
class PaperCheck:
    verdict: Verdict
    message: str


def check_paper(store: StoreReader, code: CheckCode) -> PaperCheck:
    name = f"plan {code.plan_id} version {code.version}"
    try:
        printed = store.get(code.plan_id, code.version)
    except NotFoundError:
        return PaperCheck("unknown", f"{name} is not in this database: do not use this paper")
    if not printed.content_hash.startswith(code.hash_prefix):
        return PaperCheck(
            "unknown",
            f"{name} has content {printed.content_hash[:8].upper()}, the paper says "
            f"{code.hash_prefix.upper()}: it is not a printout of this version (altered, or "
            "from another database): do not use this paper",
        )
    if code.position > printed.audit_position:
        return PaperCheck(
            "unknown",
            f"the paper was printed at audit position {code.position}, but this database's "
            f"log ends at {printed.audit_position}: it did not come from this database as it "
            "stands: do not use this paper",
        )
    current = store.get(code.plan_id)
    if current.version != printed.version:
        return PaperCheck(
            "superseded",
            f"{name} was superseded: the plan is now at version {current.version} "
            f"({current.status}); do not give from this paper, print version {current.version}",
        )
    if printed.status == "cancelled":
        return PaperCheck(
            "superseded",
            f"{name} was cancelled by {printed.closed_by} ({printed.close_reason}): do not give "
            "from this paper",
        )
    if printed.status != "verified":
        return PaperCheck(
            "superseded",
            f"{name} is the current version but not verified ({printed.status}): do not give "
            "from this paper until it is verified and reprinted",
        )
    return PaperCheck(
        "current",
        f"{name} is the current verified version (verified by {printed.verified_by_signed}); "
        f"this paper matches it",
    )
