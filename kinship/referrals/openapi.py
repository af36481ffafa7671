"""The partner API's OpenAPI document, served at /api/referrals/openapi.json. Every status code
a view can answer is declared (a test calls each operation every way it can fail)."""

from kinship.core.openapi import error_responses

_REFERRAL = {
    "type": "object",
    "description": "States, times, references and organisations only: no family details.",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "reference": {"type": "string", "example": "KR-7F3K-9QPD"},
        "state": {"type": "string"},
        "urgency": {"type": "string"},
        "version": {"type": "integer"},
        "from_organisation": {"type": "string"},
        "to_organisation": {"type": "string"},
        "owner_organisation": {"type": "string"},
        "to_service": {"type": ["string", "null"]},
        "outcome": {"type": ["string", "null"]},
        "ack_due_at": {"type": "string", "format": "date-time"},
        "decision_due_at": {"type": "string", "format": "date-time"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    },
}
_EVENT = {
    "type": "object",
    "properties": {
        "sequence": {"type": "integer"},
        "at": {"type": "string", "format": "date-time"},
        "action": {"type": "string"},
        "from_state": {"type": "string"},
        "to_state": {"type": "string"},
        "organisation": {"type": "string"},
        "note": {
            "type": "string",
            "description": (
                "Free text. Present only when the family's record is open to the caller's "
                "organisation (it holds it, or the family consented to share with it)."
            ),
        },
    },
}
_SECURITY = [{"bearer": []}]


def _ok(schema: dict, description: str) -> dict:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Kinship Hub referrals API",
        "version": "1",
        "description": "Referral state for partner systems: only referrals sent by or to "
        "the calling organisation.",
    },
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A per-organisation key: khr_<prefix>_<secret>.",
            }
        }
    },
    "paths": {
        "/api/referrals/": {
            "get": {
                "summary": "The organisation's referrals, newest change first",
                "security": _SECURITY,
                "parameters": [
                    {"name": "state", "in": "query", "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {
                    **_ok(
                        {
                            "type": "object",
                            "properties": {
                                "page": {"type": "integer"},
                                "has_next": {"type": "boolean"},
                                "results": {"type": "array", "items": _REFERRAL},
                            },
                        },
                        "One page of referrals",
                    ),
                    **error_responses(400, 401, 405),
                },
            }
        },
        "/api/referrals/{id}/": {
            "get": {
                "summary": "One referral and its events",
                "security": _SECURITY,
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {
                    **_ok(
                        {
                            "allOf": [
                                _REFERRAL,
                                {
                                    "type": "object",
                                    "properties": {"events": {"type": "array", "items": _EVENT}},
                                },
                            ]
                        },
                        "The referral",
                    ),
                    **error_responses(401, 404, 405),
                },
            }
        },
        "/api/referrals/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1"}, **error_responses(405)},
            }
        },
    },
}
