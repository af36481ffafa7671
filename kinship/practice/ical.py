"""iCalendar (RFC 5545) for training events, written by hand: a handful of properties, so no
library is needed. Lines are folded at 75 octets and text escaped as the RFC says."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from .models import TrainingEvent

PRODID = "-//Kinship Hub//Practice hub//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "")
    )


def _fold(line: str) -> str:
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[TrainingEvent], site: str, link_for) -> str:
    """A VCALENDAR with one VEVENT per event; `link_for(event)` gives its page's address."""
    stamp = _utc(datetime.now(UTC))
    domain = site.split("://", 1)[-1].split("/", 1)[0] or "kinship.example"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for event in events:
        where = event.place or event.online_url
        lines += [
            "BEGIN:VEVENT",
            f"UID:practice-event-{event.pk}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(event.starts_at)}",
            f"DTEND:{_utc(event.ends_at)}",
            f"SUMMARY:{_escape(event.title)}",
            f"DESCRIPTION:{_escape(event.description)}",
            f"LOCATION:{_escape(where)}",
            f"URL:{link_for(event)}",
            "STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
