import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_home_page_shows_the_labo_story_and_what_is_happening(demo, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Habiter ensemble, en Occitanie" in html
    # Key figures from the 2025 activity report.
    for figure in ("100+", "18", "11", "entretiens préalables", "garantie d'emprunt"):
        assert figure in html.replace("&#x27;", "'")
    # Projects have landed: the three most recently updated ones are featured.
    assert html.count('<li class="card">') >= 3
    html = html.replace("&#x27;", "'")
    # The next event, the newest resources and the liveliest threads, not empty states.
    assert "Café des porteurs de projets à Toulouse" in html
    assert "Les prochains rendez-vous arrivent" not in html
    assert "La bibliothèque se constitue" not in html
    assert "Le forum ouvre bientôt" not in html
    assert html.count('<li class="card">') >= 12


def test_the_home_page_shows_visitors_only_what_they_may_see(demo, client):
    from forum.models import Category, Thread
    from resources.models import ResourcePage
    from tests.forum.factories import make_thread

    private = Category.objects.create(name="Entre nous", slug="entre-nous", members_only=True)
    make_thread(demo["porteur.a@labo.test"], title="Un sujet réservé", category_slug=private.slug)
    members_only = ResourcePage.objects.get(slug="modele-de-statuts-de-cooperative-dhabitants")
    ResourcePage.objects.filter(pk=members_only.pk).update(first_published_at="2030-01-01T00:00Z")
    assert Thread.objects.filter(title="Un sujet réservé").exists()
    html = client.get("/").content.decode().replace("&#x27;", "'")
    assert "Un sujet réservé" not in html and members_only.title not in html
    client.force_login(demo["membre@labo.test"])
    html = client.get("/").content.decode().replace("&#x27;", "'")
    assert "Un sujet réservé" in html and members_only.title in html


def test_home_page_has_the_landmarks_and_skip_link(demo, client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#contenu">' in html
    assert '<main id="contenu"' in html
    assert 'aria-label="Navigation principale"' in html
    assert "<footer" in html and "<header" in html


def test_main_navigation_leads_to_every_section_and_marks_the_current_one(demo, client):
    html = client.get("/ressources/").content.decode()
    for label, url in [
        ("Projets", "/projets/"),
        ("Ressources", "/ressources/"),
        ("Agenda", "/agenda/"),
        ("Forum", "/forum/"),
        ("Le Labo", "/le-labo/"),
    ]:
        assert f'href="{url}"' in html, label
    assert '<a href="/ressources/" aria-current="page">Ressources</a>' in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/le-labo/", "commission permanente, en décembre 2024"),
        ("/charte/", "partager ses expériences avec bienveillance"),
        ("/mentions-legales/", "20 rue Rosette, 31500 Toulouse"),
        ("/accessibilite/", "RGAA"),
        ("/donnees-personnelles/", "ni vendues ni utilisées à des fins publicitaires"),
    ],
)
def test_editorial_pages_are_published_with_their_content(demo, client, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode().replace("&#x27;", "'")


def test_le_labo_page_renders_its_streamfield_blocks_and_breadcrumbs(demo, client):
    html = client.get("/le-labo/").content.decode()
    assert "<h2>Pourquoi un Labo ?</h2>" in html
    assert '<blockquote class="block-quote">' in html
    assert 'alt="Dessin : des maisons colorées' in html
    assert 'aria-label="Fil d’Ariane"' in html
    assert '<span aria-current="page">Le Labo</span>' in html


def test_forum_and_search_answer_until_their_apps_land(demo, client):
    assert "Montage juridique" in client.get("/forum/").content.decode()
    response = client.get("/recherche/", {"q": "VIURE"})
    assert response.status_code == 200
    assert 'value="VIURE"' in response.content.decode()
    assert "Le Labo" in response.content.decode()


def test_search_never_lists_a_page_with_view_restrictions(demo, client):
    from wagtail.models import Page, PageViewRestriction

    def results(query):
        html = client.get("/recherche/", {"q": query}).content.decode()
        return html.split('id="results-title"')[1].split("<footer")[0]

    assert 'href="/charte/"' in results("bienveillance")
    page = Page.objects.get(slug="charte")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert 'href="/charte/"' not in results("bienveillance")


@pytest.mark.smoke
def test_unknown_address_gets_the_french_404_page(demo, client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Cette page est introuvable" in html
    assert 'action="/recherche/"' in html and 'name="q"' in html


def test_server_error_page_is_standalone_and_in_french(demo):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Un problème est survenu de notre côté" in html
    assert '<html lang="fr">' in html
    # Template comments stay comments (a {# … #} over two lines would print as text).
    assert "{#" not in html and "{% comment" not in html and html.lstrip().startswith("<!DOCTYPE")


@pytest.mark.parametrize(
    ("url", "anonymous_status"),
    [("/candidatures/", 302), ("/candidatures/tableau-de-bord/", 302)],
)
def test_applications_area_needs_an_account(demo, client, url, anonymous_status):
    response = client.get(url)
    assert response.status_code == anonymous_status
    assert response["Location"].startswith("/compte/login/")


def test_application_dashboard_is_for_staff_and_partners(demo, client):
    # A partner's counts only what is shared with them: tests/projects/applications/test_partners.py
    client.force_login(demo["membre@labo.test"])
    assert client.get("/candidatures/").status_code == 200
    assert client.get("/candidatures/tableau-de-bord/").status_code == 403
    client.force_login(demo["jury@labo.test"])
    assert client.get("/candidatures/tableau-de-bord/").status_code == 403
    client.force_login(demo["partenaire@labo.test"])
    assert client.get("/candidatures/tableau-de-bord/").status_code == 200
    client.force_login(demo["equipe@labo.test"])
    assert client.get("/candidatures/tableau-de-bord/").status_code == 200


def test_private_pages_are_not_cached_by_shared_caches(demo, client):
    client.force_login(demo["membre@labo.test"])
    assert "no-store" in client.get("/candidatures/")["Cache-Control"]
    assert "no-store" in client.get("/compte/profil/")["Cache-Control"]


def test_sitemap_lists_public_pages_only(demo, client):
    from wagtail.models import Page, PageViewRestriction

    PageViewRestriction.objects.create(
        page=Page.objects.get(slug="charte"), restriction_type="login"
    )
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "/le-labo/</loc>" in xml
    assert "/charte/</loc>" not in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client, settings):
    settings.SITE_URL = "https://labo.example.org"
    text = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    # The site's address, not the Host of whoever asked.
    assert "Sitemap: https://labo.example.org/sitemap.xml" in text
    assert "Disallow: /candidatures/" in text
    assert "Disallow: /admin/" in text
