"""What a signed-in person is beyond their own row: their groups, the partner organisations
they belong to, their projects and roles there, whether they have a second factor.

Every permission check asks some of these, and each was a query on every signed-in page (three
or four: groups, partner memberships, authenticator, project roles). They change only when an
administrator, a team or the person acts on those tables, so they are read once per person
and kept in the shared cache under the access version, which any write to those tables moves
on (each model declares it: labo.caching.writes), as the content version does for pages
(`labo.caching.versions`). A write made without signals (`QuerySet.update()`, raw SQL) must
call `access_changed()` itself; the kept facts also expire after `ACCESS_SECONDS` whatever
happens.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import CharField, IntegerField, QuerySet, Value

from labo.caching.versions import ACCESS
from labo.prepared import PreparedQuery

ACCESS_SECONDS = 600


@dataclass(frozen=True)
class Access:
    groups: frozenset[str]
    partner_organisations: frozenset[int]
    project_roles: tuple[tuple[int, str], ...]
    has_totp: bool

    def project_role(self, project_id: int) -> str | None:
        return dict(self.project_roles).get(project_id)


def access_of(user) -> Access:
    """The facts about a signed-in person (`user.is_authenticated`), read once per request and
    kept per access version."""
    cached = getattr(user, "_labo_access", None)
    if cached is None:
        key = f"labo:access:{access_version()}:{user.pk}"
        cached = cache.get(key)
        if cached is None:
            cached = _read(user)
            cache.set(key, cached, ACCESS_SECONDS)
        user._labo_access = cached
    return cached


def _no_project_roles(user_id: int):
    return None


# Who gives a person's memberships of project teams: the projects app, from its `ready()`
# (`register_project_roles_reader`); the base knows that such roles exist, not their table.
_project_roles_reader: Callable[..., QuerySet | None] = _no_project_roles


def register_project_roles_reader(reader: Callable[..., QuerySet]) -> None:
    """`reader(user_id)`: a queryset of the person's team memberships, rows with `project_id`
    and `role`, filtered on the id as one plain value (it is a prepared query's parameter)."""
    global _project_roles_reader
    _project_roles_reader = reader


def _rows(kind: str, queryset: QuerySet, text: str | None, number: str | None) -> QuerySet:
    """(kind, text, number) rows of `queryset`, to be read with the others in one UNION."""
    return queryset.order_by().values_list(
        Value(kind, output_field=CharField()),
        text or Value("", output_field=CharField()),
        number or Value(0, output_field=IntegerField()),
    )


def _facts(user_id: int):
    """Every fact in one query (a UNION of each table's rows)."""
    # By its label: the accounts app's models import the permission helpers, which read here.
    partner_memberships = apps.get_model("accounts", "PartnerMembership")
    parts = [
        _rows("group", Group.objects.filter(user__id=user_id), "name", None),
        _rows(
            "partner", partner_memberships.objects.filter(user_id=user_id), None, "organisation_id"
        ),
        _rows(
            "totp",
            Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP),
            None,
            None,
        ),
    ]
    memberships = _project_roles_reader(user_id)
    if memberships is not None:
        parts.append(_rows("project", memberships, "role", "project_id"))
    return parts[0].union(*parts[1:], all=True)


# Built once per process: the person is the query's parameter (labo.prepared).
FACTS = PreparedQuery(_facts, parameters=("user_id",))


def _read(user) -> Access:
    rows = FACTS.rows(user_id=user.pk)
    return Access(
        groups=frozenset(text for kind, text, _number in rows if kind == "group"),
        partner_organisations=frozenset(
            number for kind, _text, number in rows if kind == "partner"
        ),
        project_roles=tuple(
            sorted((number, text) for kind, text, number in rows if kind == "project")
        ),
        has_totp=any(kind == "totp" for kind, _text, _number in rows),
    )


def access_version() -> int:
    return ACCESS.read()


def access_changed() -> None:
    """Forget what is kept about everyone: now, and again when the transaction commits."""
    ACCESS.move()
