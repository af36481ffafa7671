"""The demo data: assessments in several councils at every stage, one council delegating."""

import pytest
from pypdf import PdfReader

from kinship.assessments.models import (
    Assessment,
    AssessmentDelegation,
    AssessmentRequest,
    AssessmentState,
    RecordVersion,
    RequestState,
)
from kinship.web.demo import generate_demo_data

pytestmark = pytest.mark.django_db


def test_demo_assessments_span_councils_and_stages(client):
    generate_demo_data(scale=0.5, quiet=True)
    assert AssessmentRequest.objects.values("council").distinct().count() >= 4
    assert {r.state for r in AssessmentRequest.objects.all()} == set(RequestState.values)
    assert {a.state for a in Assessment.objects.all()} >= {
        AssessmentState.IN_PROGRESS,
        AssessmentState.ISSUED,
    }
    assert RecordVersion.objects.filter(number=2).exists()
    delegation = AssessmentDelegation.objects.get()
    assert AssessmentRequest.objects.filter(
        council=delegation.council, organisation=delegation.organisation, delegated=True
    ).exists()
    version = RecordVersion.objects.first()
    import io

    assert "written record" in PdfReader(io.BytesIO(bytes(version.pdf))).pages[0].extract_text()
