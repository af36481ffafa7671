"""Easy read versions of the key family pages (issue 21): each is linked from its page, keeps to
short sentences (one idea a line), and works in Gàidhlig with the draft notice."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = {
    "/check/": "/easy-read/what-can-we-get/",
    "/ask/": "/easy-read/ask-for-help/",
    "/allowances/what-should-i-get/": "/easy-read/allowances/",
    "/allowances/": "/easy-read/allowances/",
}


@pytest.mark.parametrize("page,easy", PAGES.items())
def test_each_key_page_links_to_its_easy_read_version(client, page, easy):
    assert f'href="{easy}"' in client.get(page).content.decode()
    response = client.get(easy)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Easy read" in text and "08000 28 22 33" in text
    assert not response.cookies
    body = text[text.index('class="kh-easy-read"') :]
    for paragraph in re.findall(r"<p>(.*?)</p>", body, re.S):
        words = re.sub(r"<[^>]+>", "", paragraph).split()
        assert len(words) <= 20, paragraph  # a short sentence, one idea a line


def test_easy_read_pages_in_gaidhlig_and_an_unknown_one(client):
    assert client.get("/gd/easy-read/ask-for-help/").status_code == 200
    assert client.get("/easy-read/no-such-page/").status_code == 404
