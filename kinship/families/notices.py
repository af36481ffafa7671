"""One-off notices after an action ("Consent recorded."), shown inside the page content.

Why not django.contrib.messages: base.html renders messages in a second `ds_layout__header`,
which shares the grid area with the page header, so the two overlap (and fail axe contrast).
Until that is fixed in the shared layout, the case-work pages use this small session list."""

SESSION_KEY = "kinship_notices"


def add_notice(request, text, *, error: bool = False) -> None:
    notices = request.session.get(SESSION_KEY, [])
    notices.append({"text": str(text), "error": error})
    request.session[SESSION_KEY] = notices[-5:]


def pop_notices(request) -> list[dict]:
    return request.session.pop(SESSION_KEY, []) if SESSION_KEY in request.session else []
