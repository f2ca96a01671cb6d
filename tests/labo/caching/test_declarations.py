"""Every kept fragment and every model write is declared in the caching package, and what is
not declared cannot be used."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core import checks
from django.db import models
from django.template import Context, Template, TemplateSyntaxError

from labo.caching.fragments import FRAGMENTS
from labo.caching.versions import ACCESS, APPLICATIONS, CONTENT
from labo.caching.writes import check_every_model_declares, moves_of

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
FRAGMENT_TAG = re.compile(r"{%\s*fragment\s+(\S+)\s*(.*?)%}")

pytestmark = pytest.mark.sqlite


def test_a_fragment_that_is_not_declared_fails_the_template():
    with pytest.raises(TemplateSyntaxError, match="not declared"):
        Template('{% load labo_tags %}{% fragment "mon-bouton" %}x{% endfragment %}')


def test_a_template_cannot_put_values_into_a_fragment_key():
    """The key is the declaration's business, not the template's."""
    with pytest.raises(TemplateSyntaxError, match="declared in"):
        Template('{% load labo_tags %}{% fragment "project-main" page.pk %}x{% endfragment %}')


def test_every_fragment_in_the_templates_is_declared_and_every_declaration_is_used():
    used = set()
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        # Django's own {% cache %} would keep a fragment outside the declarations.
        assert not re.search(r"{%\s*cache\s", text), f"{path}: {{% cache %}}"
        for name, rest in FRAGMENT_TAG.findall(text):
            assert rest.strip() == "", f"{path}: {{% fragment {name} {rest}%}}"
            used.add(name.strip("\"'"))
    assert used == set(FRAGMENTS), used ^ set(FRAGMENTS)


def test_a_declared_fragment_renders_its_content(rf):
    request = rf.get("/")
    template = Template(
        '{% load labo_tags %}{% fragment "forum-replies" %}Bonjour{% endfragment %}'
    )
    assert template.render(Context({"request": request})) == "Bonjour"


def test_every_model_declares_what_its_writes_move():
    assert check_every_model_declares() == []


def test_a_model_that_declares_nothing_fails_the_system_check():
    class Undeclared(models.Model):
        class Meta:
            app_label = "core"

    try:
        errors = check_every_model_declares()
        assert [error.id for error in errors] == ["labo.caching.E001"]
        assert errors[0].obj is Undeclared
        assert isinstance(errors[0], checks.Error)
    finally:
        # Forget the throw-away model, as Django's own tests do.
        del apps.all_models["core"]["undeclared"]
        apps.clear_cache()


def test_what_the_declarations_say_for_the_models_that_matter():
    registration = apps.get_model("events", "Registration")
    read_mark = apps.get_model("forum", "ThreadRead")
    application = apps.get_model("projects", "Application")
    membership = apps.get_model("projects", "ProjectMembership")
    user_groups = apps.get_model("accounts", "User").groups.through
    shared_with = application.shared_with.through
    assert moves_of(registration) == (CONTENT,)  # places left show on the event's page
    assert moves_of(read_mark) == ()
    assert moves_of(application) == (APPLICATIONS,)
    assert moves_of(membership) == (CONTENT, ACCESS)
    assert moves_of(user_groups) == (CONTENT, ACCESS)
    assert moves_of(shared_with) == (CONTENT, APPLICATIONS)
