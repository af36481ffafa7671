"""The taxonomy shipped as data and loaded by migration."""

import pytest

from kinship.directory.models import KindOfSupport, Taxonomy, TaxonomyTerm
from kinship.directory.taxonomy import load_taxonomy

pytestmark = pytest.mark.django_db


def test_seven_kinds_with_the_consultations_labels():
    kinds = {t.code: t.name for t in TaxonomyTerm.objects.filter(parent__isnull=True)}
    assert kinds == {k.value: str(k.label) for k in KindOfSupport}


def test_every_kind_has_finer_terms_people_search_for():
    for kind in TaxonomyTerm.objects.filter(parent__isnull=True):
        assert kind.children.count() >= 3, kind.code
    names = set(TaxonomyTerm.objects.values_list("name", flat=True))
    for wanted in ["Advocacy for children", "Carer support groups", "Mentoring", "Short breaks",
                   "Counselling", "Family mediation", "Benefits and money advice",
                   "Legal advice about orders", "Housing", "Help at school",
                   "Keeping in touch with parents and siblings", "Aftercare",
                   "Trauma training for carers"]:
        assert wanted in names


def test_loading_again_changes_nothing():
    before = list(TaxonomyTerm.objects.order_by("code").values_list("id", "code", "parent_id"))
    load_taxonomy(Taxonomy, TaxonomyTerm)
    after = list(TaxonomyTerm.objects.order_by("code").values_list("id", "code", "parent_id"))
    assert before == after and Taxonomy.objects.count() == 1
