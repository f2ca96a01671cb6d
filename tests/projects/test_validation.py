"""Profile validation: what a carrier types is checked before anything is saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from projects.forms import MilestoneFormSet, ProjectProfileForm, resolve_commune

pytestmark = pytest.mark.django_db


def test_a_commune_of_occitanie_is_found_by_name_code_or_name_with_departement(demo):
    assert resolve_commune("Toulouse").insee_code == "31555"
    assert resolve_commune("31555").name == "Toulouse"
    assert resolve_commune("Millau (12)").insee_code == "12145"


@pytest.mark.parametrize("value", ["Lyon", "69123", "Bordeaux (33)", "Paris"])
def test_a_commune_outside_occitanie_is_refused(demo, value):
    with pytest.raises(ValidationError) as error:
        resolve_commune(value)
    assert error.value.code == "outside"


def test_an_ambiguous_commune_name_asks_for_the_departement(demo):
    from django.db.models import Count

    from projects.models import Commune

    name = (
        Commune.objects.values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("name")
        .values_list("name", flat=True)
        .first()
    )
    with pytest.raises(ValidationError) as error:
        resolve_commune(name)
    assert error.value.code == "ambiguous"
    assert "(" in error.value.messages[0]


def _profile(**overrides):
    data = {
        "title": "Le Clos des Possibles",
        "summary": "Dix logements autour d'un jardin.",
        "commune": "Albi (81)",
        "location_precision": "commune",
        "stage": "groupe",
        "households_now": "4",
        "households_target": "10",
        "legal_form": "saa",
    }
    data.update(overrides)
    return ProjectProfileForm(data)


def test_counts_cannot_be_negative_and_targets_not_below_today(demo):
    form = _profile(households_now="-1")
    assert not form.is_valid() and "households_now" in form.errors
    form = _profile(households_now="8", households_target="3")
    assert not form.is_valid() and "households_target" in form.errors
    assert _profile().is_valid(), _profile().errors


def test_a_precise_point_needs_its_coordinates_and_must_be_in_the_region(demo):
    form = _profile(location_precision="precise")
    assert not form.is_valid() and "latitude" in form.errors
    form = _profile(location_precision="precise", latitude="48.85", longitude="2.35")
    assert not form.is_valid() and "latitude" in form.errors


def _milestones(*rows):
    data = {"jalons-TOTAL_FORMS": str(len(rows)), "jalons-INITIAL_FORMS": "0"}
    for i, (stage, day) in enumerate(rows):
        data[f"jalons-{i}-stage"] = stage
        data[f"jalons-{i}-date"] = day
    return MilestoneFormSet(data, prefix="jalons")


def test_milestones_must_follow_the_order_of_the_stages(demo):
    good = _milestones(("groupe", "2024-01-10"), ("foncier", "2024-09-01"))
    assert good.is_valid()
    assert good.milestones() == [
        {"stage": "groupe", "date": date(2024, 1, 10)},
        {"stage": "foncier", "date": date(2024, 9, 1)},
    ]
    backwards = _milestones(("groupe", "2025-01-10"), ("foncier", "2024-09-01"))
    assert not backwards.is_valid()
    assert "ne peut pas être daté avant" in str(backwards.non_form_errors())
    twice = _milestones(("groupe", "2024-01-10"), ("groupe", "2024-02-10"))
    assert not twice.is_valid()
