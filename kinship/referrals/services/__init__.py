"""Writes to referrals, by sub-domain: sending (`sending`), moving through the lifecycle
(`transitions`), no referral left with nobody (`unstaffed`), overdue referrals (`overdue`), the
"no cliff edge" transition referral (`cliff_edge`), partner API keys (`api_keys`) and webhooks
(`webhooks`), over what they share (`common`). Callers import from here."""

from .api_keys import (
    create_api_key,
    organisation_for_api_key,
    revoke_api_key,
)
from .cliff_edge import (
    create_transition_referral,
    is_cliff_edge,
    refer_on_cliff_edge,
)
from .common import (
    ACK_WORKING_DAYS,
    DECIDE_WORKING_DAYS,
    ESCALATE_AFTER_WORKING_DAYS,
    LOOKED_AFTER,
    SECRET_PURPOSE,
    SECTION_11_ORDERS,
    WEBHOOK_BACKOFF_SECONDS,
    WEBHOOK_MAX_ATTEMPTS,
    WEBHOOK_TIMEOUT_SECONDS,
    ReferralError,
    ReferralNotFound,
    StaleReferral,
    ack_days,
    deadlines,
    decide_days,
    has_share_consent,
    new_reference,
    new_secret,
    parties_of,
    secret_hash,
)
from .overdue import (
    chase_overdue,
    escalation_threshold,
    overdue_filter,
)
from .sending import (
    Created,
    NewReferral,
    create_referral,
)
from .transitions import (
    describe_last_change,
    transition,
)
from .unstaffed import (
    NO_ONE_TO_RECEIVE,
    route_if_unstaffed,
    route_unstaffed_for,
)
from .webhooks import (
    attempt_delivery,
    backoff,
    due_deliveries,
    event_json,
    referral_json,
    shares_details_with,
    signing_secret,
    webhook_body,
    webhook_headers,
)

__all__ = [
    "ACK_WORKING_DAYS",
    "Created",
    "DECIDE_WORKING_DAYS",
    "ESCALATE_AFTER_WORKING_DAYS",
    "LOOKED_AFTER",
    "NO_ONE_TO_RECEIVE",
    "NewReferral",
    "ReferralError",
    "ReferralNotFound",
    "SECRET_PURPOSE",
    "SECTION_11_ORDERS",
    "StaleReferral",
    "WEBHOOK_BACKOFF_SECONDS",
    "WEBHOOK_MAX_ATTEMPTS",
    "WEBHOOK_TIMEOUT_SECONDS",
    "ack_days",
    "attempt_delivery",
    "backoff",
    "chase_overdue",
    "create_api_key",
    "create_referral",
    "create_transition_referral",
    "deadlines",
    "decide_days",
    "describe_last_change",
    "due_deliveries",
    "escalation_threshold",
    "event_json",
    "has_share_consent",
    "is_cliff_edge",
    "new_reference",
    "new_secret",
    "organisation_for_api_key",
    "overdue_filter",
    "parties_of",
    "refer_on_cliff_edge",
    "referral_json",
    "revoke_api_key",
    "route_if_unstaffed",
    "route_unstaffed_for",
    "secret_hash",
    "shares_details_with",
    "signing_secret",
    "transition",
    "webhook_body",
    "webhook_headers",
]
