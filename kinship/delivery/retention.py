"""Anonymising a "have your say" response when its retention period ends (called by
`kinship.dataprotection`'s retention job). Responses carry no name or contact, but the
original words may hold personal details by accident: they are removed, with the moderator's
flags. The audience, themes, moderation, the text cleared for publishing and the dates stay."""

from .models import Response


def anonymise_response(response: Response) -> int:
    return Response.objects.filter(pk=response.pk).update(works="", does_not_work="", flags=[])
