"""Reviews by several people (issue 24, point 2): staff assign the CRESS team, partners' people
or an outside jury member invited by e-mail; a reviewer declares any conflict, then scores the
five criteria once; the others' reviews stay hidden until one's own is sent; a jury member sees
only their assignments, never notes nor the conversation."""

import re

import pytest
from django.core import mail

from projects.models import (
    Application,
    ApplicationMessage,
    ApplicationNote,
    ConflictOfInterest,
    Review,
)
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _viure_a():
    return Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")


def _scores(**overrides) -> dict:
    data = {"recommendation": "conditions", "comment": "Bon dossier."}
    for n, code in enumerate(("vivant", "inclusif", "utopique", "resilient", "esthetique")):
        data[f"note_{code}_level"] = str(n % 5)
        data[f"note_{code}_text"] = f"Sur {code}."
    return {**data, **overrides}


def test_the_demo_has_three_reviewers_on_the_eleven_pre_audited_applications(demo):
    reviewed = Review.objects.exclude(application=_viure_a())
    assert reviewed.values("application").distinct().count() == 11
    assert reviewed.count() == 33
    assert reviewed.filter(conflict=ConflictOfInterest.DECLARED).count() == 1
    assert reviewed.filter(submitted_at__isnull=False).count() == 32


def test_a_jury_member_sees_only_their_assignments_and_never_notes_or_the_conversation(
    demo, client
):
    jury = demo["jury@labo.test"]
    application = _viure_a()
    ApplicationMessage.objects.create(
        application=application, author=demo["equipe@labo.test"], text="Message privé à l'équipe"
    )
    ApplicationNote.objects.create(
        application=application,
        author=demo["equipe@labo.test"],
        text="Note interne confidentielle",
        shared_with_partners=True,
    )
    client.force_login(jury)
    listing = client.get("/candidatures/").content.decode()
    assert "Candidatures à évaluer" in listing
    # Not even whether the conversation has something new.
    assert "Nouveau message" not in listing
    assigned = set(Review.objects.filter(reviewer=jury).values_list("application", flat=True))
    shown = {int(pk) for pk in re.findall(r'href="/candidatures/(\d+)/"', listing)}
    assert shown == assigned
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Mon évaluation" in page
    assert "Candidature à évaluer" in page
    assert "partagée avec votre organisation" not in page
    assert "Note interne confidentielle" not in page
    assert "Message privé à l'équipe" not in page
    assert 'id="notes"' not in page and 'id="conversation"' not in page
    other = Application.objects.exclude(pk__in=assigned).first()
    assert client.get(f"/candidatures/{other.pk}/").status_code == 404
    assert client.get(f"/candidatures/{other.pk}/evaluations/").status_code == 404


def test_other_reviews_stay_hidden_until_ones_own_is_sent(demo, client):
    application = _viure_a()
    staff = demo["equipe@labo.test"]
    Review.objects.create(
        application=application,
        reviewer=staff,
        conflict=ConflictOfInterest.NONE,
        scores={"vivant": {"score": 4, "comment": "Remarquable vitalité"}},
        recommendation="retenir",
        comment_for_team="Avis du Labo, caché au jury",
        submitted_at=application.created_at,
    )
    client.force_login(demo["jury@labo.test"])
    url = f"/candidatures/{application.pk}/evaluations/"
    page = client.get(url).content.decode()
    assert "Avis du Labo, caché au jury" not in page
    assert "Remarquable vitalité" not in page
    assert "Avez-vous un lien avec ce projet" in page

    assert client.post(url, {"action": "conflit", "conflict": "aucun"}).status_code == 302
    # Bad input: an error, nothing typed lost.
    incomplete = _scores(note_vivant_level="", comment="Gardé malgré l'erreur")
    response = client.post(url, {"action": "evaluer", **incomplete})
    assert response.status_code == 400
    assert "Gardé malgré l&#x27;erreur" in response.content.decode()
    assert client.post(url, {"action": "evaluer", **_scores()}).status_code == 302
    review = Review.objects.get(application=application, reviewer=demo["jury@labo.test"])
    assert review.is_submitted and review.scores["resilient"] == {
        "score": 3,
        "comment": "Sur resilient.",
    }

    page = client.get(url).content.decode()
    assert "Remarquable vitalité" in page  # the others' scores, once one's own is sent
    assert "Avis du Labo, caché au jury" not in page  # a comment for the CRESS team stays theirs
    assert "Synthèse" in page
    # Sent once: a second submission changes nothing.
    assert client.post(url, {"action": "evaluer", **_scores(comment="Autre")}).status_code == 403


def test_a_declared_conflict_ends_the_review_and_hides_the_others(demo, client):
    application = _viure_a()
    client.force_login(demo["jury@labo.test"])
    url = f"/candidatures/{application.pk}/evaluations/"
    client.post(url, {"action": "conflit", "conflict": "declare", "note": "Voisine du projet."})
    review = Review.objects.get(application=application, reviewer=demo["jury@labo.test"])
    assert review.has_conflict
    assert client.post(url, {"action": "evaluer", **_scores()}).status_code == 403
    assert "Vous avez déclaré un conflit" in client.get(url).content.decode()


def test_staff_read_the_summary_with_averages_beside_the_self_assessment(demo, client):
    selected = Application.objects.filter(
        round__programme__slug="aap-viure", stage__is_positive_outcome=True
    ).first()
    client.force_login(demo["equipe@labo.test"])
    page = client.get(f"/candidatures/{selected.pk}/evaluations/").content.decode()
    assert "Moyenne (0–4)" in page and "Auto-évaluation (0–5)" in page
    assert "3 évaluations envoyées" in page


def test_staff_invite_an_outside_jury_member_by_email(
    demo, client, django_capture_on_commit_callbacks
):
    application = _viure_a()
    client.force_login(demo["equipe@labo.test"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/candidatures/{application.pk}/evaluations/confier/",
            {"name": "Paul Expert", "email": "paul.expert@example.org"},
        )
    assert response.status_code == 302
    review = Review.objects.get(application=application, reviewer__email="paul.expert@example.org")
    assert not review.reviewer.has_usable_password()
    messages = [m for m in mail.outbox if "paul.expert@example.org" in m.to]
    assert len(messages) == 1  # the invitation alone, no second e-mail for the same thing
    message = messages[0]
    assert "/compte/password/reset/key/" in message.body
    # Bad input: a clear error, no server error.
    bad = client.post(
        f"/candidatures/{application.pk}/evaluations/confier/",
        {"name": "X", "email": "pas-une-adresse"},
    )
    assert bad.status_code == 400


def test_who_must_not_assign_or_read_reviews(demo, client):
    application = _viure_a()
    url = f"/candidatures/{application.pk}/evaluations/"
    assign = f"/candidatures/{application.pk}/evaluations/confier/"
    outsider = UserFactory(email="autre@example.org")
    for who in (demo["porteur.a@labo.test"], demo["jury@labo.test"]):
        client.force_login(who)
        assert client.post(assign, {"reviewer": outsider.pk}).status_code == 403
    client.force_login(demo["porteur.a@labo.test"])  # the team never reads its reviews
    assert client.get(url).status_code == 403
    client.force_login(demo["membre@labo.test"])
    assert client.get(url).status_code == 404


def test_staff_exports_carry_the_reviews_and_partners_do_not(demo, client):
    import csv
    import io

    selected = Application.objects.filter(
        round__programme__slug="aap-viure", stage__is_positive_outcome=True
    ).first()
    client.force_login(demo["equipe@labo.test"])
    export = client.get("/candidatures/export.csv", {"programme": "aap-viure"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    header = rows[0]
    row = next(row for row in rows if row[0] == selected.project.title)
    assert row[header.index("Évaluations envoyées")] == "3"
    assert row[header.index("Moyenne Vivant (0–4)")] != ""
    assert "À retenir" in row[header.index("Recommandations")]
    # The programme's own questions, one column each, the reviewers' answers in it.
    ready = "Évaluateurs : Le projet est-il prêt pour l'instruction par la Région ?"
    assert row[header.index(ready)] == "Oui ; Oui ; Oui"
    assert "Un collectif soudé" in row[header.index("Évaluateurs : Points forts du projet")]
    client.force_login(demo["partenaire@labo.test"])
    partner = client.get("/candidatures/export.csv").content.decode("utf-8-sig")
    assert "Évaluations envoyées" not in partner.splitlines()[0]


def test_the_programme_s_own_questions_are_asked_checked_and_shown(demo, client):
    from projects.applications import questionnaire
    from projects.models import Programme

    programme = Programme.objects.get(slug="aap-viure")
    ready, strengths = questionnaire.review_questions_of(programme)
    assert ready.label.startswith("Le projet est-il prêt")
    # The demo's reviewers answered them; staff read the answers with the scores.
    client.force_login(demo["equipe@labo.test"])
    selected = Application.objects.filter(
        round__programme=programme, stage__is_positive_outcome=True
    ).first()
    page = client.get(f"/candidatures/{selected.pk}/evaluations/").content.decode()
    assert "Points forts du projet" in page and "Un collectif soudé" in page

    # Made required by staff: a review without it is refused, what was typed kept.
    stream = [(block.block_type, dict(block.value)) for block in programme.review_questions]
    stream[0][1]["required"] = True
    programme.review_questions = stream
    programme.save()
    application = _viure_a()
    client.force_login(demo["jury@labo.test"])
    url = f"/candidatures/{application.pk}/evaluations/"
    client.post(url, {"action": "conflit", "conflict": "aucun"})
    ready = questionnaire.review_questions_of(Programme.objects.get(pk=programme.pk))[0]
    response = client.post(url, {"action": "evaluer", **_scores(comment="Gardé")})
    assert response.status_code == 400
    assert "Champ requis." in response.content.decode()
    assert "Gardé" in response.content.decode()
    data = {"action": "evaluer", **_scores(), ready.name: "Pas encore"}
    assert client.post(url, data).status_code == 302
    review = Review.objects.get(application=application, reviewer=demo["jury@labo.test"])
    assert review.answers[ready.id] == "Pas encore"
    # An answer outside the choices is refused.
    review.submitted_at = None
    review.save()
    response = client.post(url, {**data, ready.name: "Peut-être"})
    assert response.status_code == 400
