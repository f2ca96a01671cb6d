"""The XSS corpus, stored through the real services wherever people type text, then opened in
Chromium on every surface that shows it back — pages, lists, the notifications, the Atom feed,
the JSON download, the header suggestions, the e-mails — by the people who see it: a member,
the project's carrier and the CRESS team. A payload that ran would open a dialog (they all call
alert) or set window.__xss. The context bypasses the Content-Security-Policy, so that this
proves the escaping itself, not only the policy behind it."""

from django.core import mail

from conversations import services as conversation_services
from events import services as event_services
from events.models import EventPage
from forum import services as forum_services
from forum.models import Category, Thread
from projects import services as project_services
from projects.applications.services import application_message_post
from projects.models import Application, ProjectPage
from search.indexing import document_update
from tests.figures import report
from tests.forum.test_rendering_safety import XSS_CORPUS

SLUG = "les-toits-partages-du-lauragais"
CORPUS = "\n\n".join(XSS_CORPUS)
SHORT = '"><img src=x onerror=alert(1)>'  # for names and titles, which are short


def _login(page, email, next_url="/"):
    page.goto(f"/compte/login/?next={next_url}")
    page.fill("#id_login", email)
    page.fill("#id_password", "labo-demo-2025")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


def _seed(demo):
    member, carrier = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    member.display_name = SHORT
    member.save(update_fields=["display_name"])
    member.profile.bio = CORPUS
    member.profile.visibility = "public"
    member.profile.save()

    category = Category.objects.get(slug="montage-juridique")
    thread = forum_services.thread_create(
        category=category, author=member, title=f"Statuts {SHORT}", body=CORPUS, tags=[SHORT[:40]]
    )
    forum_services.reply_create(thread=thread, user=carrier, text=CORPUS)
    forum_services.reply_create(thread=thread, user=member, text=f"@Camille Roux {CORPUS}")

    project = ProjectPage.objects.get(slug=SLUG)
    project_services.project_update_post(
        project=project, author=carrier, title=f"Chantier {SHORT}", text=CORPUS
    )
    application = Application.objects.filter(project=project, closed_at=None).first()
    application_message_post(application=application, author=carrier, text=CORPUS)

    event = EventPage.objects.get(slug="webinaire-preparer-dossier-garantie")
    answers = {question.pk: CORPUS[:1000] for question in event.questions.all()}
    event_services.registration_create(event=event, user=member, answers=answers)
    # A guest's name and their companions' names are typed by anyone.
    guest = event_services.guest_registration_request(
        event=event,
        name=SHORT,
        email="invitee@exemple.fr",
        client_ip="192.0.2.7",
        answers=answers,
        companions=1,
        companion_names=CORPUS[:300],
    )
    event_services.guest_registration_confirm(registration=guest)
    document_update(Thread.objects.get(pk=thread.pk))
    conversation = conversation_services.conversation_start(
        author=member, recipients=[carrier], subject=f"Visite {SHORT}", body=CORPUS
    )
    conversation_services.message_send(conversation=conversation, author=carrier, body=CORPUS)
    conversation_services.conversation_report(
        user=carrier, conversation=conversation, details=CORPUS[:900]
    )
    return thread, application, event, guest, conversation


def test_no_payload_runs_on_any_surface(page, demo, settings):
    settings.FORUM_POST_INTERVAL = 0
    thread, application, event, guest, conversation = _seed(demo)
    dialogs = []

    def watch(person):
        person.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        return person

    def visit(person, url):
        person.goto(url)
        person.wait_for_load_state("load")
        assert person.evaluate("() => window.__xss === undefined"), url
        visited.append(url)

    visited: list[str] = []
    surfaces = {
        "membre@labo.test": [
            "/",
            "/forum/",
            f"/forum/{thread.category.slug}/",
            thread.get_absolute_url(),
            f"/forum/{thread.category.slug}/flux.atom",
            f"/compte/membres/{demo['membre@labo.test'].pk}/",
            f"/projets/{SLUG}/",
            "/recherche/?q=" + SHORT,
            "/recherche/?q=Statuts",
            "/agenda/mes-inscriptions/",
            "/messages/",
            f"/messages/{conversation.pk}/",
        ],
        "porteur.a@labo.test": [
            "/compte/notifications/",
            "/messages/",
            f"/messages/{conversation.pk}/",
            f"/candidatures/{application.pk}/",
            thread.get_absolute_url(),
        ],
        "equipe@labo.test": [
            f"/candidatures/{application.pk}/",
            f"/agenda/{event.slug}/inscrits/",
            "/forum/moderation/",
            "/candidatures/tableau-de-bord/",
            "/messages/signalements/",
            f"/messages/{conversation.pk}/",
        ],
    }
    for email, urls in surfaces.items():
        person = watch(page.new_person())
        _login(person, email)
        for url in urls:
            visit(person, url)
            if url == thread.get_absolute_url():
                # The payloads are there, shown as the text people typed.
                assert SHORT in person.inner_text("main")

    # The guest's own page, reached through the link of their e-mails.
    visit(watch(page.new_person()), f"/agenda/inscription/{guest.token}/")

    # JSON is never rendered as a page: the browser is told it is JSON, not to sniff it, and
    # the download is an attachment.
    member = watch(page.new_person())
    _login(member, "membre@labo.test")
    for url in ("/compte/mes-donnees.json", "/recherche/suggestions/?q=Statuts"):
        answer = member.request.get(url)
        assert answer.headers["content-type"].startswith("application/json"), url
        assert answer.headers["x-content-type-options"] == "nosniff", url
        assert SHORT in answer.text() or SHORT.replace('"', '\\"') in answer.text(), url
        visited.append(url)
    assert "attachment" in member.request.get("/compte/mes-donnees.json").headers.get(
        "content-disposition", ""
    )

    # The header's suggestions, typed like a person would.
    person = watch(page.new_person())
    _login(person, "membre@labo.test")
    box = person.get_by_role("combobox").first
    box.press_sequentially("Statuts", delay=30)
    person.get_by_role("option").first.wait_for()
    visited.append("header suggestions")

    # Every e-mail the actions sent (notifications, registration), opened as HTML.
    emails = [
        content
        for message in mail.outbox
        for content, mime in getattr(message, "alternatives", [])
        if mime == "text/html"
    ]
    assert emails, "the seeded actions send e-mails"
    for html in emails:
        person.set_content(html)
        assert person.evaluate("() => window.__xss === undefined")
    visited.extend(f"e-mail {n}" for n in range(len(emails)))

    assert dialogs == []
    report(
        "XSS corpus",
        f"{len(XSS_CORPUS)} payloads shown through {len(visited)} surfaces, 0 ran",
    )
