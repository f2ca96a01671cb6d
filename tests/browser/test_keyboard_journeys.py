"""The four journeys the issue names, with the keyboard only — Tab to move, type, Space to
tick, Enter to follow a link or submit — as a person who cannot use a mouse would: no click,
no focus() from the test. Each step also proves the focus reaches the control in a sensible
number of key presses."""

from allauth.account.models import EmailAddress

from events.models import EventPage, Registration
from forum.models import Reply, Thread
from labo.accounts.models import User
from projects.models import ProjectPage
from tests.figures import report

SLUG = "les-toits-partages-du-lauragais"
MAX_TABS = 120
PRESSES = {"count": 0, "journeys": 0}


def journey_done() -> None:
    PRESSES["journeys"] += 1
    report(
        "keyboard-only journeys",
        f"{PRESSES['journeys']} journeys, {PRESSES['count']} key presses, 0 clicks",
    )


def tab_to(page, selector: str) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        PRESSES["count"] += 1
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab in {MAX_TABS} presses")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    PRESSES["count"] += len(text) + 1


def enter(page) -> None:
    """Enter on a link or a submit button: wait for the page it leads to."""
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    PRESSES["count"] += 1


def sign_in(page, email: str, next_url: str) -> None:
    page.goto(f"/compte/login/?next={next_url}")
    page.wait_for_load_state("load")
    type_into(page, "#id_login", email)
    type_into(page, "#id_password", "labo-demo-2025")
    enter(page)
    page.wait_for_url(f"**{next_url}")


def test_sign_up_with_the_keyboard_only(page):
    page.goto("/")
    page.wait_for_load_state("load")
    tab_to(page, "a[href='/compte/signup/']")
    enter(page)
    page.wait_for_url("**/compte/signup/")
    type_into(page, "#id_email", "clavier@exemple.fr")
    type_into(page, "#id_password1", "un-toit-pour-nous-2026")
    type_into(page, "#id_password2", "un-toit-pour-nous-2026")
    type_into(page, "#id_display_name", "Alex au clavier")
    tab_to(page, "#id_accept_charter")
    page.keyboard.press("Space")
    tab_to(page, "main button[type=submit]")
    enter(page)
    page.wait_for_url("**/compte/confirm-email/")
    user = User.objects.get(email="clavier@exemple.fr")
    assert user.display_name == "Alex au clavier"
    assert EmailAddress.objects.filter(user=user, verified=False).exists()
    journey_done()


def test_project_edit_with_the_keyboard_only(page):
    sign_in(page, "porteur.a@labo.test", f"/projets/{SLUG}/")
    tab_to(page, f"a[href='/projets/{SLUG}/modifier/']")
    enter(page)
    page.wait_for_url(f"**/projets/{SLUG}/modifier/")
    type_into(page, "#id_summary", "Quatorze logements et un atelier partagé, au clavier.")
    tab_to(page, "main form button[type=submit]")
    enter(page)
    page.wait_for_url(f"**/projets/{SLUG}/apercu/")
    draft = ProjectPage.objects.get(slug=SLUG).get_latest_revision_as_object()
    assert draft.summary == "Quatorze logements et un atelier partagé, au clavier."
    journey_done()


def test_event_registration_with_the_keyboard_only(page):
    event = EventPage.objects.get(slug="webinaire-preparer-dossier-garantie")
    sign_in(page, "membre@labo.test", event.url)
    for question in event.questions.all():
        if question.kind != "checkbox":
            type_into(page, f"#id_question_{question.pk}", "Réponse tapée au clavier")
    tab_to(page, "form[action$='/inscription/'] button[type=submit]")
    enter(page)
    assert "votre place est réservée" in page.inner_text("main")
    assert Registration.objects.filter(event=event, user__email="membre@labo.test").exists()
    journey_done()


def test_forum_reply_with_the_keyboard_only(page, settings):
    settings.FORUM_POST_INTERVAL = 0
    thread = Thread.objects.filter(category__members_only=False, locked=False).first()
    sign_in(page, "membre@labo.test", thread.get_absolute_url())
    type_into(page, "#repondre textarea", "Merci, cela nous aide beaucoup (réponse au clavier).")
    tab_to(page, "#repondre button[type=submit]")
    enter(page)
    assert Reply.objects.filter(
        object_pk=str(thread.pk), comment__contains="réponse au clavier"
    ).exists()
    journey_done()
