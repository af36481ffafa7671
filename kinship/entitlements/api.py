"""JSON API for advisers' tools: facts in, decisions with reasons and sources out.

Public and read-only (no personal data is stored or needed), so no session and no CSRF. The
request and response schemas are the engine's own pydantic models, so the OpenAPI at
/api/entitlements/openapi.json documents exactly what the engine takes and gives.
"""

from __future__ import annotations

from datetime import date

from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kinship.core.openapi import error_responses

from .engine import (
    Comparison,
    Decisions,
    WhatChangesIf,
    all_rules,
    compare,
    decide,
    decide_young_person,
    what_changes_if,
    what_changes_if_young_person,
)
from .facts import EARLIEST_DATE, LATEST_DATE, Arrangement, Facts, YoungPerson
from .wording import status_text

api = NinjaAPI(
    title="Kinship Hub entitlements",
    version="1.0.0",
    description=(
        "What a kinship family in Scotland can get, from dated rules that each cite their legal "
        "or policy source. Guidance for advisers, not a decision. Rules marked status "
        "'proposed' are from the Scottish Offer consultation and are not law."
    ),
    urls_namespace="entitlements_api",
    docs_url=None,  # the interactive docs page loads third-party scripts; the JSON is enough
)

_STRICT = ConfigDict(extra="forbid")


class DecideIn(BaseModel):
    model_config = _STRICT
    facts: Facts
    on: date | None = Field(
        default=None, ge=EARLIEST_DATE, le=LATEST_DATE,
        description="The date to judge on; the facts' as_of date when left out.",
    )
    include_proposed: bool = Field(
        default=False, description="Add the rules proposed in the Scottish Offer (not law)."
    )


class CompareIn(BaseModel):
    model_config = _STRICT
    facts: Facts
    on: date | None = Field(default=None, ge=EARLIEST_DATE, le=LATEST_DATE)


class YoungPersonIn(BaseModel):
    model_config = _STRICT
    person: YoungPerson
    on: date | None = Field(default=None, ge=EARLIEST_DATE, le=LATEST_DATE)
    include_proposed: bool = False


class WhatChangesIfIn(BaseModel):
    model_config = _STRICT
    facts: Facts
    child: int = Field(ge=0, le=19, description="Which child (0 is the first) would change.")
    to: Arrangement = Field(description="The planned legal arrangement, e.g. kinship_care_order.")
    on: date | None = Field(default=None, ge=EARLIEST_DATE, le=LATEST_DATE)
    include_proposed: bool = False

    @model_validator(mode="after")
    def _child_exists(self) -> WhatChangesIfIn:
        if self.child >= len(self.facts.household.children):
            raise ValueError("'child' must be the index of one of the household's children")
        return self


class YoungPersonWhatChangesIfIn(BaseModel):
    model_config = _STRICT
    person: YoungPerson
    to: Arrangement
    on: date | None = Field(default=None, ge=EARLIEST_DATE, le=LATEST_DATE)
    include_proposed: bool = False


class RuleOut(BaseModel):
    id: str
    rule_set: str
    title: str
    status: str
    legal_stage: str
    legal_status: str  # the status in words, with its date
    effective_from: date | None
    effective_to: date | None
    verified: bool
    sources: list[dict[str, str | None]]


def _readable(error: dict) -> dict:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "payload"))
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return {"field": where, "message": message}


# Every status code an operation can answer is declared (ninja declares only the 200).
POST_ERRORS = {"responses": error_responses(400, 405, 422)}


@api.exception_handler(NinjaValidationError)
def validation_failed(request, exc: NinjaValidationError):
    # Pydantic's own error objects can hold exceptions that do not serialise; say it plainly.
    problems = [_readable(error) for error in exc.errors]
    summary = "; ".join(f"{p['field'] or 'body'}: {p['message']}" for p in problems[:5])
    return api.create_response(
        request, {"message": f"The request is not valid: {summary}", "errors": problems},
        status=422,
    )


@api.post("/decide", response=Decisions, summary="What this family can get on a date",
          openapi_extra=POST_ERRORS)
def decide_endpoint(request, payload: DecideIn):
    return decide(payload.facts, payload.on or payload.facts.as_of, payload.include_proposed)


@api.post("/compare", response=Comparison, openapi_extra=POST_ERRORS,
          summary="Today's law beside today's law plus the proposed Scottish Offer")
def compare_endpoint(request, payload: CompareIn):
    return compare(payload.facts, payload.on or payload.facts.as_of)


@api.post("/young-person", response=Decisions, openapi_extra=POST_ERRORS,
          summary="A young person's own rights (12 to 26), worded for them")
def young_person_endpoint(request, payload: YoungPersonIn):
    return decide_young_person(
        payload.person, payload.on or payload.person.as_of, payload.include_proposed
    )


@api.post("/what-changes-if", response=WhatChangesIf,
          summary="What changes if one child's legal arrangement changes (before the order)",
          openapi_extra=POST_ERRORS)
def what_changes_if_endpoint(request, payload: WhatChangesIfIn):
    return what_changes_if(
        payload.facts, payload.on or payload.facts.as_of, payload.child, payload.to,
        payload.include_proposed,
    )


@api.post("/young-person/what-changes-if", response=WhatChangesIf,
          summary="A young person's own 'what changes if' their legal arrangement changes",
          openapi_extra=POST_ERRORS)
def young_person_what_changes_if_endpoint(request, payload: YoungPersonWhatChangesIfIn):
    return what_changes_if_young_person(
        payload.person, payload.on or payload.person.as_of, payload.to, payload.include_proposed
    )


@api.get("/rules", response=list[RuleOut], summary="Every rule, with its dates and sources",
         openapi_extra={"responses": error_responses(405)})
def rules_endpoint(request):
    return [
        RuleOut(
            id=rule.id, rule_set=rule.rule_set, title=rule.wording.title, status=rule.status,
            legal_stage=rule.legal_stage, legal_status=status_text(rule),
            effective_from=rule.effective_from, effective_to=rule.effective_to,
            verified=rule.verified,
            sources=[
                {"title": s.title, "citation": s.citation, "url": s.url} for s in rule.sources
            ],
        )
        for rule in all_rules()
    ]
