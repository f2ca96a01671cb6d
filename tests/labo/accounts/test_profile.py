from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from labo.accounts.models import MemberProfile, ProfileVisibility
from labo.notifications.models import EmailFrequency, NotificationPreference

pytestmark = pytest.mark.django_db


def _png(width=600, height=400) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (138, 44, 13)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _profile_data(**overrides):
    return {
        "display_name": "Léa D.",
        "organisation": "Collectif des Terrasses",
        "departement": "81",
        "bio": "Je cherche un projet d'habitat partagé près d'Albi.",
        "visibility": ProfileVisibility.PUBLIC,
        "email_frequency": EmailFrequency.DAILY,
        **overrides,
    }


def test_member_updates_profile_photo_and_email_frequency(demo, login, client):
    login("membre@labo.test")
    response = client.post("/compte/profil/", {**_profile_data(), "avatar": _png()})
    assert response.status_code == 302

    user = demo["membre@labo.test"]
    user.refresh_from_db()
    profile = MemberProfile.objects.get(user=user)
    assert user.display_name == "Léa D."
    assert profile.departement == "81"
    assert NotificationPreference.objects.get(user=user).email_frequency == EmailFrequency.DAILY
    with Image.open(profile.avatar.path) as avatar:
        # Re-encoded as a small square JPEG: no metadata travels with the member's photo.
        assert (avatar.format, avatar.size) == ("JPEG", (256, 256))
    # /media/ serves it to whoever has the address: the address cannot be guessed from the
    # member's id, nor stays the same when the photo changes.
    first_name = profile.avatar.name
    assert first_name != f"avatars/{user.pk}.jpg"
    assert len(first_name.removeprefix("avatars/").removesuffix(".jpg")) >= 20
    client.post("/compte/profil/", {**_profile_data(), "avatar": _png()})
    profile.refresh_from_db()
    assert profile.avatar.name != first_name


def test_a_file_that_is_not_an_image_is_refused_and_nothing_typed_is_lost(demo, login, client):
    login("membre@labo.test")
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    response = client.post("/compte/profil/", {**_profile_data(), "avatar": fake})
    assert response.status_code == 200
    html = response.content.decode()
    assert "image" in html.lower() and 'aria-invalid="true"' in html
    assert "Collectif des Terrasses" in html
    assert "Je cherche un projet d&#x27;habitat partagé" in html
    user = demo["membre@labo.test"]
    user.refresh_from_db()
    assert user.display_name == "Léa Dupuy"


def test_profile_visible_to_members_only_is_hidden_from_visitors(demo, client):
    user = demo["porteur.b@labo.test"]
    MemberProfile.objects.filter(user=user).update(visibility=ProfileVisibility.MEMBERS)
    response = client.get(f"/compte/membres/{user.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")

    client.force_login(demo["membre@labo.test"])
    assert "Mathieu Fabre" in client.get(f"/compte/membres/{user.pk}/").content.decode()


def test_public_profile_is_visible_to_visitors_without_the_email_address(demo, client):
    user = demo["porteur.a@labo.test"]
    MemberProfile.objects.filter(user=user).update(visibility=ProfileVisibility.PUBLIC)
    html = client.get(f"/compte/membres/{user.pk}/").content.decode()
    assert "Camille Roux" in html
    assert "porteur.a@labo.test" not in html


def test_visitor_cannot_reach_the_profile_form(client):
    response = client.get("/compte/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_changing_the_login_address_requires_the_current_password(
    demo, login, client, django_capture_on_commit_callbacks
):
    login("membre@labo.test")
    response = client.post(
        "/compte/email/",
        {"action_add": "", "email": "lea.nouvelle@exemple.fr", "password": "pas-le-bon"},
    )
    assert response.status_code == 200
    assert "mot de passe n&#x27;est pas le bon" in response.content.decode()
    assert not EmailAddress.objects.filter(email="lea.nouvelle@exemple.fr").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/compte/email/",
            {"action_add": "", "email": "lea.nouvelle@exemple.fr", "password": "labo-demo-2025"},
        )
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="lea.nouvelle@exemple.fr")
    assert not address.verified
    assert mail.outbox[-1].to == ["lea.nouvelle@exemple.fr"]
