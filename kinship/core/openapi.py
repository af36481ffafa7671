"""Error answers every JSON API can give, for its OpenAPI document: each API declares every
status code it can return (the web layer's ApiErrorsMiddleware makes them all JSON)."""

HTTP_ERRORS = {
    400: "The request is not valid (a parameter or the body).",
    401: "A valid API key is needed.",
    404: "No such record (or not one the caller may see).",
    405: "The method is not allowed on this path; the Allow header lists those that are.",
    422: "The body does not match the schema; `errors` says where.",
    429: "Too many requests.",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "allowed_methods": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["error"],
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def error_responses(*codes: int) -> dict:
    return {
        str(code): {
            "description": HTTP_ERRORS[code],
            "content": {"application/json": {"schema": ERROR_SCHEMA}},
        }
        for code in codes
    }


def with_error_responses(spec: dict, *codes: int) -> dict:
    """Declare `codes` on every operation of `spec` that does not declare them yet."""
    for item in spec.get("paths", {}).values():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method in METHODS and isinstance(operation, dict):
                responses = operation.setdefault("responses", {})
                for code, response in error_responses(*codes).items():
                    responses.setdefault(code, response)
    return spec
