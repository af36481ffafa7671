"""Shared answers for the checker's view and browser tests."""

GLASGOW = "S12000049"

# One child, Amy, 9, informal grandparent care in Glasgow on Universal Credit: the first eight
# questions (the first answer comes after the last of them), then the optional ones.
AMY_FIRST_ANSWER = [
    ("children", {"count": "1"}),
    ("carer-relationship", {"relationship": "grandparent"}),
    ("child-1-age", {"name": "Amy", "age": "9"}),
    ("child-1-arrangement", {"arrangement": "informal"}),
    ("council", {"postcode": "", "council": GLASGOW}),
    ("universal-credit", {"answer": "yes"}),
    ("child-1-planned-change", {"to": "none"}),
    ("child-1-looked-after", {"answer": "no"}),
]
AMY_MORE_EXACT = [
    ("child-1-at-risk", {"answer": "not_sure"}),
    ("child-1-school", {"stage": "primary_1_to_5"}),
    ("child-1-parents", {"situation": "both_alive"}),
    ("council-tax", {"answer": "yes"}),
]
AMY_JOURNEY = AMY_FIRST_ANSWER + AMY_MORE_EXACT


def answer(client, steps) -> str:
    """Post each answer in turn, checking each page led to the next; returns the last redirect."""
    location = ""
    for key, data in steps:
        response = client.post(f"/check/{key}/", data)
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        location = response["Location"]
    return location
