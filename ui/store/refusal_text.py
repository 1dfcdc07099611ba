"""What the plan store refused, in the window's language.

The store's refusals are sentences for a pharmacist or a nurse, in English, naming plans,
versions, users and values (app/store/errors.py); the Chinese window showed them as they
were, so a nurse was told in English that a plan had been changed outside txdose. Each kind
of refusal now leads with what it means and what to do, in the window's language; the
store's own sentence follows, as the store and its audit log word it (the ids and values in
it are the ones to quote to the ward's administrator).
"""

from __future__ import annotations

from ui.i18n import QT_TRANSLATE_NOOP, current_language, translate

# By the refusal's class (app/store/errors.py, app/store/ward_key.py), most specific first:
# the first class in the error's method resolution order with a headline gives it.
_HEADLINES = {
    "TamperedError": QT_TRANSLATE_NOOP(
        "StoreRefusal",
        "This plan was changed outside txdose: it is not shown, printed or verified. "
        "Tell the ward's administrator.",
    ),
    "ProtocolChangedError": QT_TRANSLATE_NOOP(
        "StoreRefusal",
        "The protocol file installed now gives other doses than the saved plan: check the "
        "doses on screen before saving.",
    ),
    "ConflictError": QT_TRANSLATE_NOOP(
        "StoreRefusal", "Someone else saved this plan first: your edit was not saved."
    ),
    "PatientMismatchError": QT_TRANSLATE_NOOP(
        "StoreRefusal",
        "Not saved: the MRN and the patient do not match what is saved. Check the MRN.",
    ),
    "PlanStateError": QT_TRANSLATE_NOOP(
        "StoreRefusal", "Not done: the plan's status does not allow it."
    ),
    "NotFoundError": QT_TRANSLATE_NOOP("StoreRefusal", "No such saved plan or version."),
    "SameUserError": QT_TRANSLATE_NOOP(
        "StoreRefusal", "Not verified: a second pharmacist verifies, not the one who prepared it."
    ),
    "VerificationMismatch": QT_TRANSLATE_NOOP(
        "StoreRefusal", "Not verified: the values entered differ from the prepared plan."
    ),
    "NotBlindError": QT_TRANSLATE_NOOP(
        "StoreRefusal",
        "Not verified: you have seen this draft's values, so the check is not blind.",
    ),
    "UnconfirmedError": QT_TRANSLATE_NOOP(
        "StoreRefusal", "Not verified: confirm each adjustment once."
    ),
    "VerificationError": QT_TRANSLATE_NOOP("StoreRefusal", "Not verified."),
    "SchemaError": QT_TRANSLATE_NOOP(
        "StoreRefusal",
        "The plan database was made by a newer txdose: update txdose on this workstation.",
    ),
    "WardKeyError": QT_TRANSLATE_NOOP(
        "StoreRefusal", "The ward key cannot be used: saved plans cannot be checked."
    ),
    "StoreError": QT_TRANSLATE_NOOP("StoreRefusal", "The plan database refused this."),
}


def refusal_text(error: BaseException) -> str:
    """``error``'s words for the window: the store's sentence in English; in another
    language, what it means first, then the store's sentence."""
    said = str(error)
    if current_language() == "en":
        return said
    for kind in type(error).__mro__:
        headline = _HEADLINES.get(kind.__name__)
        if headline is not None:
            return translate("StoreRefusal", headline) + "\n\n" + said
    return said
