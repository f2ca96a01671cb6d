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

from django.core.cache import cache

from labo.caching.versions import ACCESS

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


def _no_project_roles(user) -> tuple[tuple[int, str], ...]:
    return ()


# Who reads a person's roles in projects: the projects app, from its `ready()`
# (`register_project_roles_reader`); the base knows that such roles exist, not their table.
_project_roles_reader: Callable[..., tuple[tuple[int, str], ...]] = _no_project_roles


def register_project_roles_reader(reader: Callable[..., tuple[tuple[int, str], ...]]) -> None:
    """`reader(user)`: (project id, role) pairs, ordered by project id."""
    global _project_roles_reader
    _project_roles_reader = reader


def _read(user) -> Access:
    # Models, imported when first needed: this module is imported while apps load.
    from allauth.mfa.models import Authenticator

    from labo.accounts.models import PartnerMembership

    return Access(
        groups=frozenset(user.groups.values_list("name", flat=True)),
        partner_organisations=frozenset(
            PartnerMembership.objects.filter(user=user).values_list("organisation_id", flat=True)
        ),
        project_roles=tuple(_project_roles_reader(user)),
        has_totp=Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
    )


def access_version() -> int:
    return ACCESS.read()


def access_changed() -> None:
    """Forget what is kept about everyone: now, and again when the transaction commits."""
    ACCESS.move()
