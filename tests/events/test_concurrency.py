"""Capacity under simultaneous requests: real threads, each with its own connection to
PostgreSQL, all asking for the last seats at the same instant."""

import threading

import pytest
from django.db import connection, connections

from events import services
from events.choices import RegistrationStatus
from events.models import Registration
from tests.events.factories import make_event
from tests.labo.factories import UserFactory

pytestmark = [
    pytest.mark.transactional,
    # The `demo` fixture restores the whole database (tests/demo_snapshot.py).
    pytest.mark.django_db(transaction=True),
]

PEOPLE = 24
SEATS = 5


def _register_all_at_once(event, users) -> list:
    barrier = threading.Barrier(len(users))
    outcomes = []

    def register(user):
        try:
            barrier.wait()
            outcomes.append(services.registration_create(event=event, user=user).status)
        except services.RegistrationRefused as refusal:
            outcomes.append(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_registrations_never_exceed_capacity(demo):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; CI runs this test on PostgreSQL")
    event = make_event("Dernières places", capacity=SEATS)
    users = [UserFactory() for _ in range(PEOPLE)]

    outcomes = _register_all_at_once(event, users)

    assert outcomes.count(RegistrationStatus.CONFIRMED) == SEATS
    assert outcomes.count(RegistrationStatus.WAITLISTED) == PEOPLE - SEATS
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    assert confirmed.count() == SEATS
    # The waiting list is a strict order: no two people share a place in the queue.
    queue = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("queued_at", "pk")
        .values_list("pk", flat=True)
    )
    assert len(queue) == len(set(queue)) == PEOPLE - SEATS


def test_simultaneous_cancellations_promote_each_waitlisted_person_once(demo):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; CI runs this test on PostgreSQL")
    event = make_event("Places libérées", capacity=3)
    holders = [UserFactory() for _ in range(3)]
    waiting = [UserFactory() for _ in range(4)]
    registrations = [services.registration_create(event=event, user=u) for u in holders]
    for user in waiting:
        services.registration_create(event=event, user=user)
    barrier = threading.Barrier(3)

    def cancel(registration):
        try:
            barrier.wait()
            services.registration_cancel(registration=registration, by=registration.user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in registrations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = dict(Registration.objects.filter(event=event).values_list("user", "status"))
    assert [statuses[u.pk] for u in waiting] == ["confirmee", "confirmee", "confirmee", "attente"]
