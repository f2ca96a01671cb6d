"""membre@labo.test asks a question and mentions Camille Roux (porteur.a) with the
autocomplete; Camille is notified, opens the thread from the notification and replies; the
author marks the reply as the solution and thanks it with « Merci ». A thread full of XSS
payloads fires no dialog."""

from forum import services
from forum.models import Category, Reply, Thread
from tests.browser.conftest import axe_violations
from tests.forum.test_rendering_safety import XSS_CORPUS


def _login(page, email, next_url):
    page.goto(f"/compte/login/?next={next_url}")
    page.fill("#id_login", email)
    page.fill("#id_password", "labo-demo-2025")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


def test_a_question_a_mention_a_reply_and_a_solution(page, settings):
    settings.FORUM_POST_INTERVAL = 0
    _login(page, "membre@labo.test", "/forum/montage-juridique/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ouvrir un sujet").click()
    page.wait_for_url("**/nouveau/")
    page.wait_for_load_state("load")  # forum.js (deferred) listens from here on
    page.get_by_label("Titre").fill("Statuts de SCIA : qui a un modèle ?")
    body = page.get_by_label("Votre message")
    body.fill("Nous rédigeons nos statuts. ")
    body.press_sequentially("@Cam", delay=40)
    page.get_by_role("option", name="Camille Roux").wait_for()
    body.press("Enter")
    assert "@Camille Roux " in body.input_value()
    body.press_sequentially("avez-vous un modèle à partager ?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publier le sujet").click()
    page.wait_for_url("**/forum/montage-juridique/*-statuts-de-scia-qui-a-un-modele/")
    thread = Thread.objects.get(title="Statuts de SCIA : qui a un modèle ?")

    carrier = page.new_person()
    _login(carrier, "porteur.a@labo.test", "/compte/notifications/")
    carrier.get_by_role(
        "link", name="Léa Dupuy vous mentionne dans « Statuts de SCIA : qui a un modèle ? »"
    ).first.click()
    carrier.wait_for_url(f"**{thread.get_absolute_url()}")
    carrier.get_by_label("Votre réponse").fill(
        "Oui : le modèle de l'Atelier, adapté à l'Occitanie."
    )
    carrier.get_by_role("button", name="Publier ma réponse").click()
    carrier.wait_for_url("**#reply-*")
    assert carrier.locator(".post__body").get_by_text("le modèle de l'Atelier").is_visible()

    page.goto(thread.get_absolute_url())
    page.get_by_role("button", name="Marquer comme solution").click()
    page.wait_for_url("**#reply-*")
    assert page.get_by_text("Réponse retenue").first.is_visible()
    thread.refresh_from_db()
    assert thread.solution is not None and thread.solution.user.email == "porteur.a@labo.test"
    assert axe_violations(page) == []

    # « Merci » on the reply: htmx swaps the bar in place, the page stays where it is.
    url = page.url
    bar = page.locator(f"#reactions-reponse-{thread.solution_id}")
    bar.get_by_role("button", name="Merci").click()
    page.locator(f"#reactions-reponse-{thread.solution_id} [aria-pressed=true]").wait_for()
    assert page.url == url
    assert Reply.objects.get(pk=thread.solution_id).reaction_counts == {"merci": 1}
    assert axe_violations(page) == []


def test_a_reply_draft_survives_a_reload(page):
    _login(page, "membre@labo.test", "/forum/foncier/")
    thread = Thread.objects.filter(category__slug="foncier", locked=False).first()
    page.goto(thread.get_absolute_url())
    page.get_by_label("Votre réponse").fill("Un brouillon que je ne veux pas perdre.")
    page.get_by_text("Brouillon enregistré sur cet appareil.").wait_for()
    page.reload()
    assert (
        page.get_by_label("Votre réponse").input_value()
        == "Un brouillon que je ne veux pas perdre."
    )
    assert page.get_by_text("Votre brouillon a été restauré.").is_visible()


def test_no_payload_runs_in_the_browser(page, demo):
    author = demo["porteur.b@labo.test"]
    thread = services.thread_create(
        category=Category.objects.get(slug="le-labo"),
        author=author,
        title="Corpus <script>alert(1)</script>",
        body="\n\n".join(XSS_CORPUS),
    )
    for payload in XSS_CORPUS:
        services.reply_create(thread=thread, user=demo["porteur.a@labo.test"], text=payload)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in (thread.get_absolute_url(), "/forum/le-labo/", "/forum/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.mouse.move(200, 300)
    assert dialogs == []
