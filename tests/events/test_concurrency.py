"""Capacity under simultaneous requests: real threads, each with its own connection to
PostgreSQL, all asking for the last seats at the same instant."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import F, Sum
from django.utils import timezone

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


def test_guests_and_members_at_once_never_exceed_capacity(demo):
    """Members (some with a companion) and guests asking at the same instant, then every guest
    confirming at the same instant: the seats taken never pass the capacity."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; CI runs this test on PostgreSQL")
    cache.clear()  # the guests' rate limits count per client address
    event = make_event("Lancement à La Cité", capacity=SEATS * 2)
    members = [UserFactory() for _ in range(PEOPLE // 2)]
    barrier = threading.Barrier(PEOPLE)
    guests = []

    def seats_taken():
        return Registration.objects.filter(event=event).taking_seats(timezone.now()).seats()

    def member(user, companions):
        try:
            barrier.wait()
            services.registration_create(event=event, user=user, companions=companions)
        except services.RegistrationRefused:
            pass
        finally:
            connections.close_all()

    def guest(n):
        try:
            barrier.wait()
            guests.append(
                services.guest_registration_request(
                    event=event,
                    name=f"Invité·e {n}",
                    email=f"invite{n}@exemple.fr",
                    client_ip=f"192.0.2.{n}",
                    companions=n % 2,
                )
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=member, args=(user, index % 2))
        for index, user in enumerate(members)
    ] + [threading.Thread(target=guest, args=(n,)) for n in range(PEOPLE - len(members))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(guests) == PEOPLE - len(members)
    assert seats_taken() <= event.capacity

    confirm_barrier = threading.Barrier(len(guests))

    def confirm(registration):
        try:
            confirm_barrier.wait()
            services.guest_registration_confirm(registration=registration)
        except services.RegistrationRefused:
            pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(r,)) for r in guests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    assert confirmed.aggregate(n=Sum(F("companions") + 1))["n"] <= event.capacity
    # Everyone who asked is somewhere: confirmed or waiting, none lost.
    assert not Registration.objects.filter(event=event, status="a-confirmer").exists()
    assert Registration.objects.filter(event=event).count() == PEOPLE
