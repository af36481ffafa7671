"""Demo releases: one public, one waiting for the other person to approve."""

import pytest

from kinship.accounts import demo as accounts_demo
from kinship.insights import demo
from kinship.insights.models import Release, ReleaseStatus
from kinship.web.demo import DemoContext

pytestmark = pytest.mark.django_db


def test_demo_has_a_public_release_and_one_awaiting_approval():
    ctx = DemoContext(quiet=True, scale=0.2)
    accounts_demo.generate(ctx)
    demo.generate(ctx)
    public = Release.objects.get(status=ReleaseStatus.APPROVED)
    waiting = Release.objects.get(status=ReleaseStatus.READY)
    assert public.prepared_by != public.approved_by
    analyst = ctx.shared["users"]["analyst"]
    assert analyst.has_perm("insights.approve_release", waiting)
    assert public.tables.exists()
