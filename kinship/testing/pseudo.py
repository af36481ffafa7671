"""A generated pseudo-locale (issue 21): every translated string comes back accented and
lengthened ("Find support" -> "Ƒîîñð šûûþþôôŕŧ"), so any plain ASCII word left on a page rendered
in it was never marked for translation.

The locale is made at run time, not from a catalogue: `pseudo_locale()` installs a translation
object for PSEUDO_LANGUAGE that transforms every message (ours, Django's and allauth's), so a
string is caught as soon as it is written, before anyone runs makemessages.
"""

import gettext as gettext_module
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from django.conf import settings
from django.test import override_settings
from django.utils.translation import trans_real

# en-xa: Django falls back to English formats and language info for it; never a real language.
PSEUDO_LANGUAGE = "en-xa"

_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "åƀçðéƒĝĥîĵķļɱñöþǫŕšŧûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŦÛṼŴẊÝŽ",
        strict=True,
    )
)
# What must survive untouched: placeholders (%(name)s, %s, %%, {name}), HTML tags and entities.
_KEEP = re.compile(r"%\([^)]*\)[a-z]|%[a-z%]|\{[^{}]*\}|<[^>]*>|&[a-z#0-9]+;")


def pseudo(message: str) -> str:
    """Accent every letter and double the vowels (about 35% longer, like many translations)."""
    out, pos = [], 0
    for keep in _KEEP.finditer(message):
        out.append(_transform(message[pos : keep.start()]))
        out.append(keep.group())
        pos = keep.end()
    out.append(_transform(message[pos:]))
    return "".join(out)


def _transform(text: str) -> str:
    return "".join(_ACCENTED.get(c, c) * (2 if c in "aeiouAEIOU" else 1) for c in text)


class PseudoTranslation(gettext_module.NullTranslations):
    """Stands in for DjangoTranslation (trans_real calls gettext/ngettext/to_language)."""

    def gettext(self, message):
        if trans_real.CONTEXT_SEPARATOR in message:  # pgettext: "context\x04message"
            message = message.split(trans_real.CONTEXT_SEPARATOR, 1)[1]
        return pseudo(message)

    def ngettext(self, msgid1, msgid2, n):
        return pseudo(msgid1 if n == 1 else msgid2)

    def to_language(self):
        return PSEUDO_LANGUAGE


@contextmanager
def pseudo_locale() -> Iterator[None]:
    """PSEUDO_LANGUAGE is the site's default language while the block runs, so every page,
    public (unprefixed) and staff, renders in it."""
    with override_settings(
        LANGUAGES=[*settings.LANGUAGES, (PSEUDO_LANGUAGE, "Pseudo")],
        LANGUAGE_CODE=PSEUDO_LANGUAGE,
    ):
        trans_real._translations[PSEUDO_LANGUAGE] = PseudoTranslation()
        yield


# Text a page shows on purpose in no language: skipped when looking for English.
_IGNORED_TAGS = {"script", "style", "template", "code", "pre", "kbd", "samp"}
_TEXT_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class VisibleText(HTMLParser):
    """Text a person reads or hears: text nodes and labelling attributes, leaving out scripts
    and anything marked as another language (lang="en" on purpose, a language's own name)."""

    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.chunks: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skipped = tag in _IGNORED_TAGS or (
            lang is not None and tag != "html" and lang != self.page_language
        )
        if not skipped and not self._skipping():
            for name in _TEXT_ATTRIBUTES & set(attrs):
                self.chunks.append(attrs[name] or "")
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.chunks.append(attrs.get("value") or "")
        if tag not in _VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.chunks.append(data)


# Runs of plain ASCII that are not words: web and email addresses, references, codes, numbers.
_NOT_WORDS = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[\w-]+\.(csv|json|pdf)\b"
    r"|\b[A-Z]{1,3}\d[\w-]*\b|\b[A-Z0-9]{2,}(-[A-Z0-9]{2,})+\b"
)
_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,'’&()/:+-]*[A-Za-z0-9.)]|[A-Za-z]{2,}")


_index: dict = {}


def english_left(html: str, page_language: str, data: set[str]) -> list[str]:
    """Runs of untranslated (plain ASCII) words in the page that are not data: a run is data if
    it is a whole data value, one word of a short one (a first name), or, with two words or
    more, part of one (long texts are cut by quotation marks and markup)."""
    key = id(data)
    if _index.get("key") != key:
        _index.update(
            key=key,
            blob="\n".join(data),
            words={w for v in data if len(v.split()) <= 4 for w in v.split()},
        )
    parser = VisibleText(page_language)
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        text = _NOT_WORDS.sub(" ", chunk)
        for run in _ASCII_RUN.findall(text):
            run = run.strip(" .,:;()-/")
            if len(re.findall(r"[A-Za-z]", run)) < 3 or not re.search(r"[A-Za-z]{2,}", run):
                continue
            if run in data or run in _index["words"]:
                continue
            if any(part.strip() in data for part in re.split(r"[,:/()]", run)):
                continue
            if len(run.split()) >= 2 and run in _index["blob"]:
                continue
            found.append(run)
    return found
