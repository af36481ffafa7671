"""Shared answers for the checker's view and browser tests."""

GLASGOW = "S12000049"

# One child, Amy, 9, informal grandparent care in Glasgow on Universal Credit.
AMY_JOURNEY = [
    ("children", {"count": "1"}),
    ("child-1-age", {"name": "Amy", "age": "9"}),
    ("child-1-arrangement", {"arrangement": "informal"}),
    ("child-1-looked-after", {"answer": "no"}),
    ("child-1-at-risk", {"answer": "not_sure"}),
    ("child-1-school", {"stage": "primary_1_to_5"}),
    ("child-1-parents", {"situation": "both_alive"}),
    ("carer-relationship", {"relationship": "grandparent"}),
    ("carer-age", {"age": "64"}),
    ("council", {"postcode": "", "council": GLASGOW}),
    ("universal-credit", {"answer": "yes"}),
    ("other-benefits", {"answer": "no"}),
    ("council-tax", {"answer": "yes"}),
]


def answer(client, steps) -> str:
    """Post each answer in turn, checking each page led to the next; returns the last redirect."""
    location = ""
    for key, data in steps:
        response = client.post(f"/check/{key}/", data)
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        location = response["Location"]
    return location
