"""The numbers the header shows a signed-in person: the bell's unread notifications and the
badges on the main menu's entries (Discourse-like: the forum says how many threads have
something new), contributed by the apps from `AppConfig.ready()`.

Every signed-in page shows all of them. Each says what it has kept of itself; those not kept
are counted together, each as a scalar subquery of one SELECT, instead of a query each: with
every cache empty, a signed-in page pays one query for its header, whatever the number of
counts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Expression

from labo.caching.versions import once_per_request
from labo.prepared import PreparedQuery
from labo.registry import Registry


@dataclass(frozen=True)
class PersonalCount:
    name: str
    order: int
    # What is kept of the count for this person, None when nothing is (0 for a person the
    # count does not concern: nothing is then asked of the database).
    kept: Callable[..., int | None]
    # An integer SQL expression that counts it for the person whose id it is given, in a
    # query whose row is that person (`OuterRef("date_joined")` reads their other columns).
    # The id may be a stand-in (labo.prepared): it must reach the SQL as it is.
    # `labo.core.expressions.count_of` helps.
    expression: Callable[[int], Expression]
    # Keep what was counted, for the next pages.
    keep: Callable[..., None]
    # The main menu's entry it shows on as a badge; "" for the bell.
    menu_url: str = ""


personal_counts: Registry[PersonalCount] = Registry("header counts")


def register_personal_count(entry: PersonalCount) -> None:
    personal_counts.register(entry)


def counts_for(user) -> dict[str, int]:
    """Every header count of `user` (0 for a visitor): the kept ones as kept, the others
    counted in one query and kept. Once per request."""
    if not (user and user.is_authenticated):
        return {entry.name: 0 for entry in personal_counts}

    def read() -> dict[str, int]:
        counts, missing = {}, []
        for entry in personal_counts:
            kept = entry.kept(user)
            if kept is None:
                missing.append(entry)
            else:
                counts[entry.name] = kept
        if missing:
            names = tuple(entry.name for entry in missing)
            rows = COUNTS_OF_PERSON.rows(names=names, user_id=user.pk)
            for entry, count in zip(missing, rows[0] if rows else [0] * len(names), strict=True):
                counts[entry.name] = count or 0
                entry.keep(user, counts[entry.name])
        return counts

    return once_per_request(f"personal-counts:{user.pk}", read)


def _counts_of_person(names: tuple[str, ...], user_id: int):
    expressions = {entry.name: entry.expression for entry in personal_counts}
    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .order_by()
        .values_list(*(expressions[name](user_id) for name in names))
    )


# Compiled once per set of counts missing from what is kept: every signed-in person sends the
# same SQL with their own id.
COUNTS_OF_PERSON = PreparedQuery(_counts_of_person, parameters=("user_id",))
