"""The public retention schedule: how long Kinship Hub keeps each kind of record, why, and on
whose authority. No cookies, no script."""

from django.shortcuts import render

from . import selectors


def retention(request):
    return render(request, "dataprotection/retention.html", {"rows": selectors.schedule_for(None)})
