"""Who may open family records, and who may record or withdraw a family's consent.

Which families a person sees is `selectors.visible_households` (held by, or shared with consent
with, their organisation). The consent rules (docs/data-protection.md):

- Consent is the family's, recorded by an organisation the family spoke to, in the family's own
  words, with the date and channel. An organisation that holds the record (FamilyAccess) may
  record any consent; one that sees the family only through a consent to share may record the
  family's consent to share with a further organisation (as when it redirects a referral) but
  never a record-keeping or contact consent, which are the holder's.
- A withdrawal of consent to share with organisation X may be recorded by an organisation holding
  the record, or by X itself (the family told X). Nobody else: a third organisation cannot cut X
  off. Other consents are withdrawn only by a holder.
"""

import rules

from kinship.accounts.permissions import works_with_families


@rules.predicate
def holds_family(user, household) -> bool:
    if household is None or not getattr(user, "organisation_id", None):
        return False
    return household.accesses.filter(
        organisation_id=user.organisation_id, ended_at__isnull=True
    ).exists()


@rules.predicate
def sees_family(user, household) -> bool:
    if household is None:
        return False
    from .selectors import visible_households

    return visible_households(user).filter(pk=household.pk).exists()


@rules.predicate
def holds_consents_family(user, consent) -> bool:
    return consent is not None and holds_family(user, consent.household)


@rules.predicate
def is_consents_organisation(user, consent) -> bool:
    return bool(
        consent is not None
        and consent.organisation_id
        and consent.organisation_id == getattr(user, "organisation_id", None)
    )


rules.add_perm("families.open_records", works_with_families)
# Recording a child's new legal arrangement (it may start a transition referral).
rules.add_perm("families.change_arrangement", works_with_families)
# Consent to share with a named organisation (object: the household).
rules.add_perm("families.record_share_consent", works_with_families & sees_family)
# Record-keeping and contact consents (object: the household).
rules.add_perm("families.record_consent", works_with_families & holds_family)
# Object: the consent.
rules.add_perm(
    "families.withdraw_consent",
    works_with_families & (holds_consents_family | is_consents_organisation),
)
