"""ChoiceLabels gives what Django's get_FOO_display gives, for every choice of every field
with choices of the models that use it, and for a value outside the choices."""

import pytest
from django.db import models

from events.models import EventPage
from forum.models import Thread
from projects.applications.models import Application
from projects.models import ProjectPage
from resources.models import ResourcePage

MODELS = [ProjectPage, EventPage, ResourcePage, Application, Thread]  # ListedPage: the first three


def _fields_with_choices(model):
    return [field for field in model._meta.concrete_fields if field.choices]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_label_is_djangos(model):
    fields = _fields_with_choices(model)
    assert fields, "a model using ChoiceLabels shows choices"
    for field in fields:
        display = getattr(model, f"get_{field.name}_display")
        for value in [*(value for value, _label in field.flatchoices), "not-a-choice", None]:
            # Without __init__: a page's asks the database for its locale; labels need none.
            instance = model.__new__(model)
            setattr(instance, field.attname, value)
            assert display(instance) == models.Model._get_FIELD_display(instance, field), (
                field.name,
                value,
            )
            assert isinstance(display(instance), str | type(None) | int)
