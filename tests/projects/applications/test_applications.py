"""Application tracking: transitions, the one-open-application rule, the visibility table,
documents, conversation, notes, dashboard figures of the 2025 report."""

import re
from html import unescape
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from PIL import Image

from labo.accounts.models import PartnerOrganisation
from projects.applications import services, workflow
from projects.applications.selectors import reached_counts
from projects.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ProjectPage,
    Review,
    Round,
)

pytestmark = pytest.mark.django_db

LAURAGAIS = "les-toits-partages-du-lauragais"


def _viure_a():
    return Application.objects.get(project__slug=LAURAGAIS, round__programme__slug="aap-viure")


def _viure_b():
    return Application.objects.get(
        project__slug="habitat-groupe-du-grand-pic", round__programme__slug="aap-viure"
    )


def _stage(application, name):
    return application.round.programme.stages.get(staff_name=name)


@pytest.mark.smoke
def test_the_dashboard_gives_the_figures_of_the_2025_report(demo, client):
    viure = {
        r["stage"].staff_name: r["count"]
        for r in reached_counts(Round.objects.get(programme__slug="aap-viure"))
    }
    assert (viure["Entretien préalable"], viure["Pré-audition"], viure["Retenu"]) == (18, 11, 3)
    guarantee = {
        r["stage"].staff_name: r["count"]
        for r in reached_counts(Round.objects.get(programme__slug="garantie-emprunt"))
    }
    assert (
        guarantee["Mise en relation avec les services régionaux"],
        guarantee["Garantie accordée"],
    ) == (5, 1)
    client.force_login(demo["equipe@labo.test"])
    html = client.get("/candidatures/tableau-de-bord/").content.decode()
    viure_round = Round.objects.get(programme__slug="aap-viure")
    interview = viure_round.programme.stages.get(staff_name="Entretien préalable")
    # Every count leads to the list it counts.
    assert (
        f'<td data-stage="Entretien préalable"><a href="/candidatures/?session={viure_round.pk}'
        f'&amp;etape={interview.pk}"'
    ) in html
    # The report's meetings come from the data: 18 interviews, 11 pre-auditions, 3 agoras.
    for figure in ("18 entretiens préalables", "11 pré-auditions",
                   "3 agoras avec les services de la Région", "5 rendez-vous"):  # fmt: skip
        assert figure in html, figure
    # Median times differ from stage to stage (computed from the timelines).
    medians = set(re.findall(r"(\d+,\d) jours", html))
    assert len(medians) >= 5, medians
    # Charts: the funnel and the map are described for screen readers, their tables beside.
    assert 'role="img" aria-labelledby="funnel-' in html and "<desc id=" in html
    assert "Candidatures par département" in html and "map-shade-" in html
    filtered = client.get("/candidatures/", {"referent": demo["equipe@labo.test"].pk}).content
    assert "Les Toits Partagés du Lauragais" in filtered.decode()


# Transitions ---------------------------------------------------------------------------------


def test_default_transitions_are_next_previous_or_any_outcome(demo):
    application = _viure_a()  # at "Candidature reçue", after the entretien préalable
    allowed = {stage.staff_name for stage in workflow.allowed_stages(application)}
    assert allowed == {"Entretien préalable", "Pré-audition", "Retenu", "Non retenu", "Abandon"}


def test_a_skip_is_refused_and_leaves_nothing_behind(demo):
    application = _viure_a()
    events = ApplicationEvent.objects.count()
    with pytest.raises(ValidationError):
        services.application_move_to_stage(
            application=application,
            by=demo["equipe@labo.test"],
            stage=_stage(application, "Instruction Région"),
        )
    application.refresh_from_db()
    assert application.stage.staff_name == "Candidature reçue"
    assert ApplicationEvent.objects.count() == events


def test_staff_move_records_the_event_and_tells_team_and_partners(
    demo, django_capture_on_commit_callbacks
):
    from labo.notifications.models import Notification

    application = _viure_a()
    application.shared_with.add(PartnerOrganisation.objects.get(slug="region-occitanie-habitat"))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move_to_stage(
            application=application,
            stage=_stage(application, "Pré-audition"),
            by=demo["equipe@labo.test"],
            note="Rendez-vous le 12 mars.",
        )
    event = ApplicationEvent.objects.filter(application=application).latest("pk")
    assert (event.from_stage.staff_name, event.to_stage.staff_name) == (
        "Candidature reçue",
        "Pré-audition",
    )
    assert event.actor == demo["equipe@labo.test"] and event.text == "Rendez-vous le 12 mars."
    notified = set(
        Notification.objects.filter(kind="applications.stage").values_list(
            "recipient__email", flat=True
        )
    )
    assert {"porteur.a@labo.test", "partenaire@labo.test"} <= notified


def test_carriers_may_only_withdraw(demo):
    application = _viure_a()
    with pytest.raises(PermissionDenied):
        services.application_move_to_stage(
            application=application,
            by=demo["porteur.a@labo.test"],
            stage=_stage(application, "Pré-audition"),
        )
    services.application_move_to_stage(
        application=application,
        by=demo["porteur.a@labo.test"],
        stage=_stage(application, "Abandon"),
    )
    application.refresh_from_db()
    assert application.stage.is_withdrawn and not application.is_open


def test_a_closed_application_moves_no_more(demo):
    application = _viure_b()  # "Non retenu"
    assert workflow.allowed_stages(application) == []
    with pytest.raises(PermissionDenied):
        services.application_move_to_stage(
            application=application,
            by=demo["equipe@labo.test"],
            stage=_stage(application, "Pré-audition"),
        )


def test_explicit_transitions_replace_the_default_rule(demo):
    from projects.models import StageTransition

    application = _viure_a()
    programme = application.round.programme
    StageTransition.objects.create(
        programme=programme, from_stage=application.stage, to_stage=_stage(application, "Abandon")
    )
    assert [s.staff_name for s in workflow.allowed_stages(application)] == ["Abandon"]


# One open application per project and round --------------------------------------------------


def test_the_database_refuses_a_second_open_application(demo):
    application = _viure_a()
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            project=application.project, round=application.round, stage=application.stage
        )


def test_a_new_application_is_possible_once_the_previous_one_is_closed(demo, client):
    application = _viure_a()
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(f"/projets/{LAURAGAIS}/candidater/", {"round": application.round.pk})
    assert "déjà une candidature en cours" in response.content.decode()
    services.application_move_to_stage(
        application=application,
        by=demo["porteur.a@labo.test"],
        stage=_stage(application, "Abandon"),
    )
    response = client.post(f"/projets/{LAURAGAIS}/candidater/", {"round": application.round.pk})
    assert response.status_code == 302
    assert (
        Application.objects.filter(project=application.project, round=application.round).count()
        == 2
    )


def test_only_a_referent_or_staff_files_an_application(demo, client):
    client.force_login(demo["porteur.b@labo.test"])
    assert client.get(f"/projets/{LAURAGAIS}/candidater/").status_code == 403
    client.force_login(demo["membre@labo.test"])
    assert client.get(f"/projets/{LAURAGAIS}/candidater/").status_code == 403


# Visibility table --------------------------------------------------------------------------------


VISIBILITY = [
    # who, sees porteur.a's VIURE (not shared), sees the 3 shared retained ones
    ("visitor", False, False),
    ("membre@labo.test", False, False),
    ("porteur.b@labo.test", False, False),
    ("porteur.a@labo.test", True, False),
    ("partenaire@labo.test", False, True),
    ("moderation@labo.test", False, False),
    ("equipe@labo.test", True, True),
]


@pytest.mark.parametrize(("who", "sees_own", "sees_shared"), VISIBILITY)
def test_who_sees_which_application_detail(demo, client, who, sees_own, sees_shared):
    shared = Application.objects.get(
        project__slug="la-maison-des-quatre-saisons", round__programme__slug="aap-viure"
    )
    if who != "visitor":
        client.force_login(demo[who])
    for application, expected in ((_viure_a(), sees_own), (shared, sees_shared)):
        response = client.get(f"/candidatures/{application.pk}/")
        if who == "visitor":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if expected else 404), (who, application)


@pytest.mark.parametrize(("who", "sees_own", "sees_shared"), VISIBILITY)
def test_the_list_shows_exactly_what_each_person_may_see(demo, client, who, sees_own, sees_shared):
    if who == "visitor":
        assert client.get("/candidatures/").status_code == 302
        return
    client.force_login(demo[who])
    html = client.get("/candidatures/").content.decode()
    assert ("Les Toits Partagés du Lauragais" in html) == sees_own or who == "equipe@labo.test"
    assert ("La Maison des Quatre Saisons" in html) == sees_shared or who == "equipe@labo.test"


def test_a_kept_list_is_each_persons_own_and_follows_every_change(demo, client):
    """The list is kept per person and filters until an application changes, someone reads
    one with news in it, or who may see what changes (ApplicationListPage.key)."""
    from django.test import Client

    maison = Application.objects.get(
        project__slug="la-maison-des-quatre-saisons", round__programme__slug="aap-viure"
    )
    region = PartnerOrganisation.objects.get(slug="region-occitanie-habitat")
    # The demo also asks the Région's person to review the pre-audited applications: here,
    # what they see through sharing alone.
    Review.objects.filter(reviewer=demo["partenaire@labo.test"]).delete()
    staff, partner = Client(), Client()
    staff.force_login(demo["equipe@labo.test"])
    partner.force_login(demo["partenaire@labo.test"])
    assert "Les Toits Partagés du Lauragais" in staff.get("/candidatures/").content.decode()
    with CaptureQueriesContext(connection) as captured:
        staff.get("/candidatures/")  # kept: not a row read again
    assert not [q for q in captured if "projects_application" in q["sql"]]
    # Another person after the team: their own list, never the team's.
    html = partner.get("/candidatures/").content.decode()
    assert "La Maison des Quatre Saisons" in html
    assert "Les Toits Partagés du Lauragais" not in html
    # A share taken back (an m2m change) shows at once in the partner's list.
    services.application_unshare(
        application=maison, organisation=region, by=demo["equipe@labo.test"]
    )
    assert "La Maison des Quatre Saisons" not in partner.get("/candidatures/").content.decode()
    # A stage moved, with the team's list kept before it.
    application = _viure_a()
    staff.get("/candidatures/")
    new_stage = workflow.allowed_stages(application)[0]
    services.application_move_to_stage(
        application=application, stage=new_stage, by=demo["equipe@labo.test"]
    )
    row = staff.get("/candidatures/").content.decode().split("Les Toits Partagés du Lauragais")[1]
    assert new_stage.staff_name in row.split("</tr>")[0]
    # Leaving the partner organisation (the access version) empties the partner's list.
    services.application_share(application=maison, organisation=region, by=demo["equipe@labo.test"])
    assert "La Maison des Quatre Saisons" in partner.get("/candidatures/").content.decode()
    from labo.accounts.models import PartnerMembership

    PartnerMembership.objects.filter(user=demo["partenaire@labo.test"]).delete()
    assert "La Maison des Quatre Saisons" not in partner.get("/candidatures/").content.decode()


def test_internal_notes_are_never_shown_to_the_team(demo, client):
    application = _viure_a()
    client.force_login(demo["porteur.a@labo.test"])
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "vigilance sur le plan de financement" not in html
    assert "Pensez à préparer une présentation" in html  # the conversation is theirs
    assert client.post(f"/candidatures/{application.pk}/note/", {"text": "x"}).status_code == 403


def _shared_with_region(demo, note: str):
    """The first VIURE application, shared with the Région, with a note for its partners."""
    application = _viure_a()
    region = PartnerOrganisation.objects.get(slug="region-occitanie-habitat")
    services.application_share(
        application=application, organisation=region, by=demo["equipe@labo.test"]
    )
    services.application_note_add(
        application=application, author=demo["equipe@labo.test"], text=note,
        shared_with_partners=True,
    )  # fmt: skip
    return application, region


def test_each_reader_gets_their_own_journal_after_the_team_has_read_it(demo, client):
    """The timeline, the conversation and the notes are kept per application, activity and
    audience: what the CRESS team was shown never reaches the project's team or a partner."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from labo.accounts.models import PartnerMembership
    from projects.models import ProjectMembership
    from tests.labo.factories import UserFactory

    application, region = _shared_with_region(demo, "Un avis pour la Région seulement.")
    url = f"/candidatures/{application.pk}/"
    client.force_login(demo["equipe@labo.test"])
    client.post(f"{url}note/", {"text": "Une note pour l'équipe seule."})
    staff_page = client.get(url).content.decode()
    # Shown once, in the notes (not again in the chronology).
    assert staff_page.count("Une note pour l&#x27;équipe seule.") == 1
    client.force_login(demo["partenaire@labo.test"])
    page = client.get(url).content.decode()  # read first by a partner
    assert "Un avis pour la Région seulement." in page
    assert "Une note pour l&#x27;équipe seule." not in page
    # Someone both in the project's team and at the Région reads the partners' notes too.
    both = UserFactory()
    ProjectMembership.objects.create(project=application.project, user=both, role="member")
    PartnerMembership.objects.create(organisation=region, user=both)
    TOTP.activate(both, generate_totp_secret())  # partners must have a second factor
    client.force_login(both)
    assert "Un avis pour la Région seulement." in client.get(url).content.decode()
    client.force_login(demo["porteur.a@labo.test"])
    page = client.get(url).content.decode()
    assert "Un avis pour la Région seulement." not in page
    assert "Une note pour l&#x27;équipe seule." not in page
    assert "Note interne ajoutée" not in page
    # New activity is seen by all at once.
    client.force_login(demo["equipe@labo.test"])
    client.post(f"{url}message/", {"text": "Le comité se réunit le 12 janvier."})
    client.force_login(demo["porteur.a@labo.test"])
    page = client.get(url).content.decode()
    assert page.count("Le comité se réunit le 12 janvier.") == 1  # once, in the conversation


def test_a_kept_application_page_gives_each_session_its_own_working_csrf_token(demo):
    """The page's body is kept with its forms; each session posts them with its own token."""
    import re

    from django.test import Client

    application = _viure_a()
    url = f"/candidatures/{application.pk}/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for browser in (first, second):
        browser.force_login(demo["porteur.a@labo.test"])
    tokens = []
    for browser in (first, second):
        with CaptureQueriesContext(connection) as captured:
            html = browser.get(url).content.decode()
        form = html.split(f'action="{url}message/"')[1].split("</form>")[0]
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', form).group(1))
    # The second was served the kept body: the conversation was not read again.
    assert not [q for q in captured if "applicationmessage" in q["sql"]]
    assert tokens[0] != tokens[1]
    assert "labo-csrf-token" not in html
    response = second.post(
        f"{url}message/",
        {"text": "Envoyé depuis la page gardée.", "csrfmiddlewaretoken": tokens[1]},
    )
    assert response.status_code == 302
    assert application.messages.filter(text="Envoyé depuis la page gardée.").exists()
    # Another session's token is refused.
    third = Client(enforce_csrf_checks=True)
    third.force_login(demo["porteur.a@labo.test"])
    third.get(url)
    assert "csrftoken" in third.cookies
    assert (
        third.post(
            f"{url}message/", {"text": "Jeton d'un autre.", "csrfmiddlewaretoken": tokens[0]}
        ).status_code
        == 403
    )


def test_partners_see_only_notes_marked_for_them(demo, client):
    application, _region = _shared_with_region(demo, "Avis partagé avec la Région.")
    client.force_login(demo["partenaire@labo.test"])
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Avis partagé avec la Région." in html
    assert "vigilance sur le plan de financement" not in html
    client.post(f"/candidatures/{application.pk}/note/", {"text": "Note de la Région"})
    client.force_login(demo["porteur.a@labo.test"])
    assert (
        "Note de la Région" not in client.get(f"/candidatures/{application.pk}/").content.decode()
    )


def test_unsharing_hides_the_application_from_the_partner_again(demo, client):
    application = Application.objects.get(
        project__slug="la-maison-des-quatre-saisons", round__programme__slug="aap-viure"
    )
    region = PartnerOrganisation.objects.get(slug="region-occitanie-habitat")
    Review.objects.filter(reviewer=demo["partenaire@labo.test"]).delete()  # sharing alone
    services.application_unshare(
        application=application, organisation=region, by=demo["equipe@labo.test"]
    )
    client.force_login(demo["partenaire@labo.test"])
    assert client.get(f"/candidatures/{application.pk}/").status_code == 404
    assert ApplicationEvent.objects.filter(application=application, kind="fin-partage").exists()


def test_only_staff_export_everything_and_see_every_figure(demo, client):
    for who in ("porteur.a@labo.test", "moderation@labo.test"):
        client.force_login(demo[who])
        assert client.get("/candidatures/export.csv").status_code == 403
        assert client.get("/candidatures/tableau-de-bord/").status_code == 403
    # A partner exports and sees the figures of what is shared with them (test_partners.py).
    client.force_login(demo["equipe@labo.test"])
    rows = (
        client.get("/candidatures/export.csv", {"programme": "garantie-emprunt"})
        .content.decode("utf-8-sig")
        .strip()
        .splitlines()
    )
    assert len(rows) == 1 + 5
    from openpyxl import load_workbook

    response = client.get("/candidatures/export.xlsx", {"programme": "garantie-emprunt"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 1 + 5
    assert sheet.cell(1, 1).value == "Projet"
    client.force_login(demo["porteur.a@labo.test"])
    assert client.get("/candidatures/export.xlsx").status_code == 403


def test_no_application_content_appears_in_public_places(demo, client):
    secret = "vigilance sur le plan de financement"
    for url in (
        "/",
        "/projets/",
        f"/projets/{LAURAGAIS}/",
        "/projets/export.csv",
        "/projets/export.geojson",
        "/projets/flux.atom",
        "/recherche/?q=financement",
        "/api/v2/pages/?limit=50",
        "/sitemap.xml",
    ):
        body = client.get(url).content.decode()
        assert secret not in body and "Pensez à préparer une présentation" not in body, url


# Documents --------------------------------------------------------------------------------------


def _pdf(name="dossier.pdf", size=0):
    return SimpleUploadedFile(
        name,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + b"0" * size,
        content_type="application/pdf",
    )


def test_the_team_uploads_a_versioned_document_served_only_to_who_may_see_it(demo, client):
    application = _viure_a()
    requirement = application.round.programme.required_documents.get(name="Dossier de candidature")
    client.force_login(demo["porteur.a@labo.test"])
    for _ in range(2):
        client.post(
            f"/candidatures/{application.pk}/documents/",
            {"requirement": requirement.pk, "title": "Dossier", "file": _pdf()},
        )
    documents = ApplicationDocument.objects.filter(application=application).order_by("version")
    assert [d.version for d in documents] == [1, 2]
    latest = documents.last()
    assert "/media/" not in latest.file.path and "private" in latest.file.path
    url = f"/candidatures/{application.pk}/documents/{latest.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(demo["porteur.b@labo.test"])
    assert client.get(url).status_code == 404
    client.force_login(demo["partenaire@labo.test"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_renamed_executable_and_an_oversized_file_are_refused(demo, client, settings):
    application = _viure_a()
    client.force_login(demo["porteur.a@labo.test"])
    fake = SimpleUploadedFile("dossier.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    response = client.post(
        f"/candidatures/{application.pk}/documents/",
        {"title": "Dossier", "file": fake},
        follow=True,
    )
    assert "le contenu du fichier doit correspondre à son extension" in response.content.decode()
    settings.APPLICATION_DOCUMENT_MAX_BYTES = 1024
    response = client.post(
        f"/candidatures/{application.pk}/documents/",
        {"title": "Dossier", "file": _pdf(size=4096)},
        follow=True,
    )
    assert "dépasse" in response.content.decode()
    assert not ApplicationDocument.objects.filter(application=application).exists()


def test_images_are_accepted_when_they_really_are_images(demo):
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("plan.png", buffer.getvalue())
    assert services.validate_document(upload) == "image/png"
    disguised = SimpleUploadedFile("plan.jpg", buffer.getvalue())
    with pytest.raises(ValidationError):
        services.validate_document(disguised)


def test_staff_review_a_document_and_the_team_is_told_to_redo(demo):
    from labo.notifications.models import Notification

    application = _viure_a()
    document = services.application_document_upload(
        application=application,
        uploaded=_pdf(),
        title="Plan de financement",
        by=demo["porteur.a@labo.test"],
    )
    services.application_document_review(
        document=document,
        review="a-refaire",
        comment="Il manque l'apport des foyers.",
        by=demo["equipe@labo.test"],
    )
    assert Notification.objects.filter(
        recipient=demo["porteur.a@labo.test"], title__contains="Document à refaire"
    ).exists()
    with pytest.raises(PermissionDenied):
        services.application_document_review(
            document=document, review="accepte", comment="", by=demo["porteur.a@labo.test"]
        )


# Conversation, list queries --------------------------------------------------------------------


def test_a_message_from_the_team_is_unread_for_staff_until_they_open_it(demo, client):
    application = _viure_a()
    client.force_login(demo["porteur.a@labo.test"])
    client.post(f"/candidatures/{application.pk}/message/", {"text": "Merci, c'est noté !"})
    client.force_login(demo["equipe@labo.test"])
    assert (
        "Nouveau message"
        in client.get("/candidatures/", {"programme": "aap-viure"}).content.decode()
    )
    client.get(f"/candidatures/{application.pk}/")
    html = client.get("/candidatures/", {"programme": "aap-viure"}).content.decode()
    row = html.split("Les Toits Partagés du Lauragais")[1].split("</tr>")[0]
    assert "Nouveau message" not in row

    # Seen as it is: opening it again writes nothing; a second message is news again.
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/candidatures/{application.pk}/")
    assert not [q for q in captured if q["sql"].startswith(("UPDATE", "INSERT"))]
    client.force_login(demo["porteur.a@labo.test"])
    client.post(f"/candidatures/{application.pk}/message/", {"text": "Et une question encore."})
    client.force_login(demo["equipe@labo.test"])
    html = client.get("/candidatures/", {"programme": "aap-viure"}).content.decode()
    assert "Nouveau message" in html.split("Les Toits Partagés du Lauragais")[1].split("</tr>")[0]
    client.get(f"/candidatures/{application.pk}/")
    html = client.get("/candidatures/", {"programme": "aap-viure"}).content.decode()
    assert (
        "Nouveau message" not in html.split("Les Toits Partagés du Lauragais")[1].split("</tr>")[0]
    )


def _fill_to_40_applications():
    """The demo holds 23 applications: file more, as staff would, up to 40."""
    guarantee = Round.objects.get(programme__slug="garantie-emprunt")
    initial = guarantee.programme.stages.get(is_initial=True)
    missing = 40 - Application.objects.count()
    projects = ProjectPage.objects.exclude(applications__round=guarantee)[:missing]
    Application.objects.bulk_create(
        Application(project=project, round=guarantee, stage=initial) for project in projects
    )
    assert Application.objects.count() == 40


def test_the_list_costs_the_same_number_of_queries_for_3_and_40_applications(
    demo, client, django_assert_max_num_queries
):
    from labo.caching.versions import APPLICATIONS

    _fill_to_40_applications()
    client.force_login(demo["equipe@labo.test"])
    client.get("/candidatures/")
    APPLICATIONS.move()  # the list rendered again, not the kept one
    with django_assert_max_num_queries(40) as many:
        client.get("/candidatures/")
    Application.objects.filter(
        pk__in=list(Application.objects.order_by("pk").values_list("pk", flat=True)[3:])
    ).delete()
    client.get("/candidatures/")
    APPLICATIONS.move()
    with django_assert_max_num_queries(40) as few:
        client.get("/candidatures/")
    assert len(few.captured_queries) == len(many.captured_queries) > 1


def test_project_pages_are_untouched_by_applications(demo):
    assert ProjectPage.objects.live().count() == 30


def test_the_board_has_a_column_per_stage_and_moves_a_card_after_confirmation(demo, client):
    round_ = Round.objects.get(programme__slug="aap-viure")
    client.force_login(demo["equipe@labo.test"])
    html = client.get(f"/candidatures/tableau/{round_.pk}/").content.decode()
    assert html.count('<section class="board__column') == 8
    assert 'id="column-' in html and "Les Toits Partagés du Lauragais" in html
    application = _viure_a()
    target = _stage(application, "Pré-audition")
    unconfirmed = client.post(
        f"/candidatures/{application.pk}/etape/",
        {"stage": target.pk, "note": "x", "retour": "tableau"},
    )
    assert unconfirmed["Location"] == f"/candidatures/tableau/{round_.pk}/"
    application.refresh_from_db()
    assert application.stage.staff_name == "Candidature reçue"
    client.post(
        f"/candidatures/{application.pk}/etape/",
        {"stage": target.pk, "note": "Date fixée", "confirm": "on"},
    )
    application.refresh_from_db()
    assert application.stage == target


def test_the_board_costs_the_same_number_of_queries_for_3_and_22_cards(
    demo, client, django_assert_max_num_queries
):
    _fill_to_40_applications()
    round_ = Round.objects.get(programme__slug="garantie-emprunt")
    assert Application.objects.filter(round=round_).count() == 22
    client.force_login(demo["equipe@labo.test"])
    client.get(f"/candidatures/tableau/{round_.pk}/")
    with django_assert_max_num_queries(40) as many:
        client.get(f"/candidatures/tableau/{round_.pk}/")
    keep = list(Application.objects.filter(round=round_).values_list("pk", flat=True)[:3])
    Application.objects.filter(round=round_).exclude(pk__in=keep).delete()
    with django_assert_max_num_queries(40) as few:
        client.get(f"/candidatures/tableau/{round_.pk}/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_carriers_never_open_the_board(demo, client):
    # Partners read the board of what is shared with them: test_partners.py.
    round_ = Round.objects.get(programme__slug="aap-viure")
    for who in ("porteur.a@labo.test", "jury@labo.test"):
        client.force_login(demo[who])
        assert client.get(f"/candidatures/tableau/{round_.pk}/").status_code == 403


def test_an_error_in_the_middle_of_a_stage_change_leaves_no_partial_state(demo):
    """A database error after the stage was written (in the same transaction, as when a
    later step of a request fails) rolls back the stage, the closing date and the timeline
    together: nothing half-done is ever visible."""
    from django.db import connection

    application = _viure_a()
    events = ApplicationEvent.objects.filter(application=application).count()

    with pytest.raises(DatabaseError), transaction.atomic():
        services.application_move_to_stage(
            application=application,
            stage=_stage(application, "Retenu"),
            by=demo["equipe@labo.test"],
            note="Bravo",
        )
        with connection.cursor() as cursor:  # a real error from the database
            cursor.execute("SELECT * FROM table_that_does_not_exist")
    application.refresh_from_db()
    assert application.stage.staff_name == "Candidature reçue"
    assert application.closed_at is None
    assert ApplicationEvent.objects.filter(application=application).count() == events


# VIURE assessment ------------------------------------------------------------------------------


def test_self_assessment_is_prefilled_from_the_project_and_staff_assess_side_by_side(demo, client):
    application = _viure_a()
    client.force_login(demo["porteur.a@labo.test"])
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Une vie de quartier ouverte." in html  # the project's own VIURE text
    assert "Évaluation du Labo" not in html

    client.force_login(demo["equipe@labo.test"])
    data = {
        f"staff_{code}_level": "4"
        for code in ("vivant", "inclusif", "utopique", "resilient", "esthetique")
    }
    data.update(
        {
            "staff_vivant_text": "Très ancré dans le quartier.",
            "feedback": "Un projet exemplaire sur le critère Vivant.",
            "share_feedback": "",
        }
    )
    client.post(f"/candidatures/{application.pk}/viure/evaluation/", data)
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Très ancré dans le quartier." in html and "pas encore visible" in html

    client.force_login(demo["porteur.a@labo.test"])
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Très ancré dans le quartier." not in html
    assert "Un projet exemplaire" not in html

    client.force_login(demo["equipe@labo.test"])
    client.post(
        f"/candidatures/{application.pk}/viure/evaluation/", {**data, "share_feedback": "on"}
    )
    client.force_login(demo["porteur.a@labo.test"])
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Un projet exemplaire sur le critère Vivant." in html
    assert "Très ancré dans le quartier." not in html  # staff comments stay internal

    # The team's form shows what was last saved (it is rendered once per state), and the page
    # kept for the team moves on with an assessment that is not shared (a staff-only event).
    client.force_login(demo["equipe@labo.test"])
    assert (
        "Très ancré dans le quartier."
        in client.get(f"/candidatures/{application.pk}/").content.decode()
    )
    client.post(
        f"/candidatures/{application.pk}/viure/evaluation/",
        {**data, "staff_vivant_text": "Un ancrage à confirmer."},
    )
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Un ancrage à confirmer." in html and "Très ancré dans le quartier." not in html


def test_levels_outside_0_to_5_are_refused(demo, client):
    application = _viure_a()
    client.force_login(demo["porteur.a@labo.test"])
    response = client.post(
        f"/candidatures/{application.pk}/viure/auto-evaluation/",
        {"self_vivant_level": "9"},
        follow=True,
    )
    assert "Les niveaux vont de 0 à 5." in response.content.decode()
    client.force_login(demo["porteur.b@labo.test"])
    assert client.post(f"/candidatures/{application.pk}/viure/evaluation/", {}).status_code == 404


# Reminders ---------------------------------------------------------------------------------------


def test_daily_reminders_reach_staff_referents_and_teams_missing_documents(demo):
    from datetime import timedelta

    from django.utils import timezone

    from labo.notifications.models import Notification

    application = _viure_a()  # appointment in 12 days in the demo: not yet in the window
    application.next_appointment_at = timezone.now() + timedelta(days=3)
    application.save()
    round_ = application.round
    round_.closes_on = timezone.localdate() + timedelta(days=7)
    round_.save()

    sent = services.application_reminders_send()
    assert sent["referents"] == 1
    digest = Notification.objects.get(
        recipient=demo["equipe@labo.test"], kind="applications.referent_digest"
    )
    assert "Les Toits Partagés du Lauragais" in digest.body
    missing = Notification.objects.filter(
        recipient=demo["porteur.a@labo.test"], kind="applications.missing_documents"
    ).get()
    assert "Dossier de candidature" in missing.body
    # Closed applications and other teams are left alone.
    assert not Notification.objects.filter(
        recipient=demo["porteur.b@labo.test"], kind="applications.missing_documents"
    ).exists()


def test_staff_set_the_referent_and_amounts_that_carriers_cannot_touch(demo, client):
    application = _viure_a()
    client.force_login(demo["equipe@labo.test"])
    client.post(
        f"/candidatures/{application.pk}/suivi/",
        {
            "cress_referent": demo["equipe@labo.test"].pk,
            "amount_requested": "45000",
            "amount_granted": "",
        },
    )
    application.refresh_from_db()
    assert application.amount_requested == 45000 and application.amount_granted is None
    assert application.cress_referent == demo["equipe@labo.test"]
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert f'<option value="{demo["equipe@labo.test"].pk}" selected>' in html
    assert f"Référent·e : {demo['equipe@labo.test'].display_name}" in html
    # Someone who joins the team can be chosen at once.
    from django.contrib.auth.models import Group

    from labo.roles import STAFF_GROUP

    newcomer = demo["membre@labo.test"]
    option = f'<option value="{newcomer.pk}">{newcomer.display_name}</option>'
    assert option not in html
    newcomer.groups.add(Group.objects.get(name=STAFF_GROUP))
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert option in html
    # A referent who has left the team since is still named (read from their own row).
    application.cress_referent = newcomer
    application.save(update_fields=["cress_referent"])
    newcomer.groups.clear()
    html = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert f"Référent·e : {newcomer.display_name}" in html and option not in html
    application.cress_referent = demo["equipe@labo.test"]
    application.save(update_fields=["cress_referent"])
    # Only someone of the team can be the referent.
    response = client.post(
        f"/candidatures/{application.pk}/suivi/",
        {"cress_referent": demo["porteur.a@labo.test"].pk, "amount_requested": "1"},
        follow=True,
    )
    assert "Le suivi n&#x27;a pas été enregistré" in response.content.decode()
    assert "Sélectionnez un choix valide" in response.content.decode()
    application.refresh_from_db()
    assert application.cress_referent == demo["equipe@labo.test"]
    assert application.amount_requested == 45000
    client.force_login(demo["porteur.a@labo.test"])
    assert (
        client.post(
            f"/candidatures/{application.pk}/suivi/", {"amount_granted": "999999"}
        ).status_code
        == 403
    )
    response = client.post(f"/candidatures/{application.pk}/suivi/", {"amount_requested": "-5"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.amount_granted is None


def test_the_team_sees_with_whom_an_application_is_shared_and_shares_it_further(demo, client):
    maison = Application.objects.get(
        project__slug="la-maison-des-quatre-saisons", round__programme__slug="aap-viure"
    )
    region = PartnerOrganisation.objects.get(slug="region-occitanie-habitat")
    others = PartnerOrganisation.objects.exclude(pk=region.pk).order_by("name")
    assert maison.shared_with.filter(pk=region.pk).exists() and others.exists()
    client.force_login(demo["equipe@labo.test"])

    def buttons() -> dict[str, str]:
        html = client.get(f"/candidatures/{maison.pk}/").content.decode()
        sharing = html.split("Partage avec les partenaires", 1)[1].split("</details>", 1)[0]
        rows = re.findall(r"<li><span>(.*?)</span>.*?<button[^>]*>(.*?)</button>", sharing)
        return {unescape(name): button for name, button in rows}

    shown = buttons()
    assert shown[region.name] == "Ne plus partager"
    assert all(shown[organisation.name] == "Partager" for organisation in others)
    other = others.first()
    client.post(f"/candidatures/{maison.pk}/partage/", {"organisation": other.pk})
    assert buttons()[other.name] == "Ne plus partager"
    # Carriers see no sharing buttons at all, and cannot share.
    client.force_login(demo["porteur.a@labo.test"])
    team_page = client.get(f"/candidatures/{_viure_a().pk}/").content.decode()
    assert "Partage avec les partenaires" not in team_page
    response = client.post(f"/candidatures/{_viure_a().pk}/partage/", {"organisation": other.pk})
    assert response.status_code == 403
    assert not _viure_a().shared_with.filter(pk=other.pk).exists()
