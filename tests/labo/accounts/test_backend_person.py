"""The signed-in person read for every request (labo.accounts.backends): their id from the
session, sent as a prepared query's parameter; any id no row can have is nobody, never an
error."""

import pytest

from labo.accounts.backends import LaboAuthenticationBackend

pytestmark = pytest.mark.django_db


def test_the_person_of_a_session_is_read_with_their_profile(demo, django_assert_num_queries):
    member = demo["membre@labo.test"]
    backend = LaboAuthenticationBackend()
    for user_id in (member.pk, str(member.pk)):
        with django_assert_num_queries(1):
            person = backend.get_user(user_id)
            assert person.profile.pk  # joined: no query of its own
        assert person == member
    # Another person through the same prepared query: their own row.
    other = demo["porteur.a@labo.test"]
    assert backend.get_user(other.pk) == other


@pytest.mark.parametrize("user_id", [None, "", "abc", "1.5", -3, 0, 2**63, 10**30, 987654321])
def test_an_id_no_row_has_is_nobody(demo, user_id):
    assert LaboAuthenticationBackend().get_user(user_id) is None
