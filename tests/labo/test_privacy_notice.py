"""The privacy notice is a real page, and it says what the code does: the controller, the
purposes with their legal bases, who sees what, each retention period, the rights and the
CNIL recourse."""

import pytest

from labo.accounts.services import UNVERIFIED_ACCOUNTS_KEPT
from labo.notifications.services import READ_NOTIFICATIONS_KEPT, SENT_EMAILS_KEPT

pytestmark = pytest.mark.django_db


def test_the_notice_says_who_why_how_long_and_how_to_complain(demo, client):
    html = client.get("/donnees-personnelles/").content.decode()
    for expected in (
        "CRESS Occitanie",
        "20 rue Rosette, 31500 Toulouse",
        "article 6.1.b",
        "article 6.1.a",
        "article 6.1.f",
        "partenaires avec lesquels elle a été partagée",
        "Commission nationale de l&#x27;informatique et des libertés",
        "Télécharger mes données",
    ):
        assert expected in html or expected.replace("&#x27;", "'") in html, expected
    # The periods it states are the code's.
    assert UNVERIFIED_ACCOUNTS_KEPT.days == 30 and "au bout de 30 jours" in html
    assert 180 <= READ_NOTIFICATIONS_KEPT.days <= 183 and "au bout de six mois" in html
    assert SENT_EMAILS_KEPT.days == 30 and "trente jours après" in html
    assert "puis un an pour compter qui est venu" in html
