"""Writes of the insights app (its own tables only): prepare, build and approve a release.

Two-person rule: the analyst who prepared a release can never approve it (checked here and
by a database constraint); preparing and approving are both written to the audit trail.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from kinship.audit.models import AuditAction
from kinship.audit.services import record

from . import selectors
from .disclosure import TOTAL, protect
from .geography import GEOGRAPHIES, SCOTLAND_LABEL
from .models import PeriodKind, Release, ReleaseStatus, ReleaseTable
from .reference import reference_tables

SHOWN, HIDDEN = "shown", "hidden"


class ReleaseError(Exception):
    """A request the rules refuse; the message is safe to show."""


def prepare_release(*, actor, period_kind: str, period_start: date, request=None) -> Release:
    if period_kind not in PeriodKind.values:
        raise ReleaseError("Choose a month or a quarter.")
    start = selectors.period_start_for(period_kind, period_start)
    if start > timezone.localdate():
        raise ReleaseError("That period has not started yet.")
    threshold, safety_range = selectors.disclosure_settings()
    release = Release.objects.create(
        period_kind=period_kind,
        period_start=start,
        period_end=selectors.period_end(period_kind, start),
        threshold=threshold,
        safety_range=safety_range,
        prepared_by=actor,
    )
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=release,
        request=request,
        purpose="prepared an insight release",
    )
    from .tasks import build_release_task

    transaction.on_commit(lambda: build_release_task.enqueue(release.pk))
    return release


def _table(release, position, measure, geography, aggregate) -> ReleaseTable:
    rows = selectors.area_rows(geography)
    cols = measure.columns()
    counts, key_sums = aggregate.by(geography)
    known = {code for code, _ in cols}
    cols += [(code, code) for code in sorted({c for _, c in counts} - known)]
    table = protect(
        counts,
        key_sums,
        threshold=release.threshold,
        safety_range=release.safety_range,
        rows=[code for code, _ in rows],
        cols=[code for code, _ in cols],
    )
    row_label = dict(rows) | {TOTAL: str(SCOTLAND_LABEL)}
    col_label = dict(cols) | {TOTAL: "Total"}
    # Publicly a cell is only shown or hidden: saying which were moved would reveal the exact
    # values of the rest, and saying which hidden cells are small would point at them.
    cells = [
        {
            "row": cell.row,
            "row_label": row_label[cell.row],
            "col": cell.col,
            "col_label": col_label[cell.col],
            "value": cell.value,
            "status": SHOWN if cell.value is not None else HIDDEN,
        }
        for cell in table.cells.values()
    ]
    return ReleaseTable(
        release=release,
        position=position,
        measure=measure.slug,
        geography=geography,
        title=f"{measure.title} by {GEOGRAPHIES[geography]}",
        unit=str(measure.unit),
        rows=[[code, label] for code, label in rows] + [[TOTAL, str(SCOTLAND_LABEL)]],
        cols=[[code, str(label)] for code, label in cols] + [[TOTAL, "Total"]],
        cells=cells,
        disclosure={
            "rules": table.rules(),
            "cells": table.counts,
            "threshold": table.threshold,
            "safety_range": table.safety_range,
        },
    )


def build_release(release_id: int, progress: Callable[[int], None] | None = None) -> Release:
    """Compute and protect every table of a release (run by the background task)."""
    release = Release.objects.get(pk=release_id)
    if release.status not in (ReleaseStatus.QUEUED, ReleaseStatus.FAILED):
        return release
    Release.objects.filter(pk=release.pk).update(
        status=ReleaseStatus.BUILDING, progress=0, failure=""
    )
    began = time.perf_counter()
    steps = len(selectors.MEASURES) + 1
    tables: list[ReleaseTable] = []
    try:
        for step, measure in enumerate(selectors.MEASURES):
            aggregate = measure.aggregate(release.period_start, release.period_end)
            for geography in GEOGRAPHIES:
                tables.append(_table(release, len(tables), measure, geography, aggregate))
            done = (step + 1) * 100 // steps
            Release.objects.filter(pk=release.pk).update(progress=done)
            if progress:
                progress(done)
        for table in reference_tables():
            table.release, table.position = release, len(tables)
            tables.append(table)
    except Exception as exc:  # recorded on the release so the analyst sees why
        Release.objects.filter(pk=release.pk).update(
            status=ReleaseStatus.FAILED, failure=str(exc)[:300]
        )
        raise
    with transaction.atomic():
        release.tables.all().delete()
        ReleaseTable.objects.bulk_create(tables)
        release.status = ReleaseStatus.READY
        release.progress = 100
        release.built_at = timezone.now()
        release.build_seconds = round(time.perf_counter() - began, 3)
        release.save(update_fields=["status", "progress", "built_at", "build_seconds"])
    if progress:
        progress(100)
    return release


def approve_release(*, actor, release: Release, request=None) -> Release:
    if release.status != ReleaseStatus.READY:
        raise ReleaseError("Only a built release that is waiting for approval can be approved.")
    if release.prepared_by_id == actor.pk:
        raise ReleaseError("A second analyst must approve: you prepared this release.")
    updated = Release.objects.filter(pk=release.pk, status=ReleaseStatus.READY).update(
        status=ReleaseStatus.APPROVED, approved_by=actor, approved_at=timezone.now()
    )
    if not updated:
        raise ReleaseError("Someone else changed this release; look at it again.")
    release.refresh_from_db()
    record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=release,
        request=request,
        purpose="approved an insight release for publication",
    )
    return release
