"""/recherche/: one list across projects, resources (with their files' text), events, forum
threads and pages; French matching; filters and their counts; excerpts; suggestions; and
never anything a person may not see."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, PageViewRestriction

from forum import services as forum_services
from forum.models import Category, Thread
from resources.models import ResourcePage
from search.indexing import index_rebuild
from search.models import SearchDocument
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="French stemming needs PostgreSQL (SQLite matches words without stemming, documented)",
)


def _total(html: str) -> int:
    return int(re.search(r'id="results-title">(\d+) résultats?', html).group(1))


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def _search(client, **params) -> str:
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


@postgresql_only
@pytest.mark.parametrize("variant", ["habitats", "Habitat", "habitât", "HABITAT"])
def test_french_variants_find_the_same_results(indexed, client, variant):
    assert _total(_search(client, q=variant)) == _total(_search(client, q="habitat")) > 0


@pytest.mark.sqlite  # PostgreSQL's French stemming, and Snowball's on the SQLite default
def test_a_plural_finds_the_singular(indexed, client):
    html = _search(client, q="coopératives")
    assert "Modèle de statuts de coopérative d'habitants" in _titles(html) or any(
        "coopérative" in title.lower() for title in _titles(html)
    )
    assert _total(html) == _total(_search(client, q="coopérative"))
    # The excerpt marks the whole word found by its stem.
    assert re.search(r"<mark>[Cc]oopérative</mark>", html)


def test_one_list_across_every_kind_of_content(indexed, client):
    html = _search(client, q="garantie")
    kinds = set(re.findall(r'<span class="badge badge--neutral">([^<]+)</span>', html))
    assert {"Ressources", "Événements", "Forum"} <= kinds


def test_a_word_only_inside_a_pdf_finds_its_resource(indexed, client):
    # "demembrement" is written only inside the attached PDF of the synthesis (resources/demo.py).
    html = _search(client, q="demembrement")
    assert "Les foncières solidaires : synthèse" in _titles(html)
    assert "<mark>" in html


def test_excerpts_mark_the_words_and_escape_the_text(indexed, client):
    thread = make_thread(
        indexed["membre@labo.test"],
        title="Nos statuts",
        body="<b>gras</b> et le mot paillasson ici",
    )
    index_rebuild()
    html = _search(client, q="paillasson")
    assert thread.title in _titles(html)
    excerpt = re.search(r'<p class="search-result__excerpt">(.*?)</p>', html, re.S).group(1)
    assert "<mark>paillasson</mark>" in excerpt
    # The markup typed is never rendered: PostgreSQL drops the tags, SQLite escapes them.
    assert "<b>" not in excerpt and "gras" in excerpt


@pytest.mark.parametrize(
    ("params", "kind"),
    [
        ({"type": "evenement"}, "Événements"),
        ({"type": "forum"}, "Forum"),
        ({"type": "ressource"}, "Ressources"),
    ],  # fmt: skip
)
def test_the_type_filter_and_its_count(indexed, client, params, kind):
    everything = _search(client, q="garantie")
    count = int(
        re.search(rf">{kind}</a> <span class=\"card__meta\">\((\d+)\)", everything).group(1)
    )
    filtered = _search(client, q="garantie", **params)
    assert _total(filtered) == count
    assert set(re.findall(r'<span class="badge badge--neutral">([^<]+)</span>', filtered)) == {kind}


def test_the_departement_theme_and_period_filters(indexed, client):
    assert _total(_search(client, q="habitat", departement="09")) >= 1
    for title in _titles(_search(client, q="habitat", departement="09")):
        assert SearchDocument.objects.get(title=title.replace("'", "'")).departement == "09"
    themed = _search(client, q="garantie", theme="financement")
    assert _total(themed) >= 1
    upcoming = _search(client, q="webinaire", periode="a-venir")
    assert "Webinaire : préparer son dossier de garantie d'emprunt" in _titles(upcoming)
    assert "Webinaire : la garantie d'emprunt de la Région, comment ça marche ?" not in _titles(
        upcoming
    )


def test_sort_by_date_puts_the_newest_first(indexed, client):
    html = _search(client, q="garantie", tri="date")
    dates = re.findall(r'<time datetime="([^"]+)"', html.split('class="search-results"')[1])
    assert dates == sorted(dates, reverse=True)


def test_bad_parameters_never_break_the_page(indexed, client):
    html = _search(
        client, q="x" * 5000, type="<script>", periode="hier", page="-1", departement="99"
    )
    assert "n'ont pas été compris" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_an_empty_result_offers_a_spelling_hint_and_ways_to_browse(indexed, client):
    html = _search(client, q="garantye")
    assert _total(html) == 0
    assert "Vouliez-vous dire" in html and "garantie" in html
    assert "les ressources" in html


def test_the_query_is_kept_in_the_box_and_logged_for_the_team(indexed, client):
    from wagtail.contrib.search_promotions.models import Query

    html = _search(client, q="foncier solidaire")
    assert 'value="foncier solidaire"' in html
    # Counted in Redis, written by the periodic job (labo.core.counters).
    assert Query.get("foncier solidaire").hits == 0
    call_command("flush_counters", stdout=StringIO())
    assert Query.get("foncier solidaire").hits == 1


# Permissions --------------------------------------------------------------------------------


def test_members_only_resources_are_found_by_members_only(indexed, client):
    resource = ResourcePage.objects.get(slug="modele-de-statuts-de-cooperative-dhabitants")
    word = "agrement"  # inside its DOCX only
    assert resource.title not in _titles(_search(client, q=word))
    assert resource.title not in str(
        client.get("/recherche/suggestions/", {"q": "modèle de st"}).json()
    )
    client.force_login(indexed["membre@labo.test"])
    assert resource.title in _titles(_search(client, q=word))
    assert resource.title in str(
        client.get("/recherche/suggestions/", {"q": "modèle de st"}).json()
    )


def test_members_only_forum_categories_stay_out_of_results_counts_and_suggestions(indexed, client):
    private = Category.objects.create(
        name="Entre porteurs", slug="entre-porteurs", members_only=True
    )
    make_thread(indexed["porteur.a@labo.test"], title="Secret bien gardé zanzibar",
                body="Le mot zanzibar.", category_slug=private.slug)  # fmt: skip
    index_rebuild()
    html = _search(client, q="zanzibar")
    assert _total(html) == 0 and "zanzibar" not in html.split('id="results-title"')[1]
    assert client.get("/recherche/suggestions/", {"q": "secret bien"}).json() == {"results": []}
    client.force_login(indexed["membre@labo.test"])
    assert _total(_search(client, q="zanzibar")) == 1


def test_unpublished_pages_and_pending_revisions_are_never_found(indexed, client):
    project = Page.objects.get(slug="les-toits-partages-du-lauragais").specific
    project.summary = "Un mot secret en attente : ornithorynque"
    project.save_revision()  # a pending edit: not live
    assert _total(_search(client, q="ornithorynque")) == 0
    project.refresh_from_db()
    title = project.title
    project.unpublish()
    assert title not in _titles(_search(client, q="Lauragais"))
    assert not SearchDocument.objects.filter(title=title).exists()


def test_a_privacy_setting_added_later_removes_the_page_for_visitors(indexed, client):
    page = Page.objects.get(slug="les-foncieres-solidaires-synthese")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page.title not in _titles(_search(client, q="demembrement"))
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    client.force_login(indexed["membre@labo.test"])
    assert page.title not in _titles(_search(client, q="demembrement"))


def test_applications_are_never_indexed(indexed):
    assert not SearchDocument.objects.filter(url__startswith="/candidatures/").exists()


# Index maintenance --------------------------------------------------------------------------


def test_forum_edits_and_deletions_reach_the_index(
    indexed, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(indexed["membre@labo.test"], title="Question sur la tuilerie")
        reply = forum_services.reply_create(thread=thread, user=indexed["porteur.a@labo.test"],
                                            text="Parlez-en au mégalithe local.")  # fmt: skip
    assert "Question sur la tuilerie" in _titles(_search(client, q="megalithe"))
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply_delete(reply=reply, by=indexed["porteur.a@labo.test"])
    assert _total(_search(client, q="megalithe")) == 0
    from forum.moderation import thread_set_status

    with django_capture_on_commit_callbacks(execute=True):
        thread_set_status(
            thread=Thread.objects.get(pk=thread.pk),
            by=indexed["moderation@labo.test"],
            status="supprime",
        )
    assert _total(_search(client, q="tuilerie")) == 0


def test_a_page_edit_is_found_after_publication(
    indexed, client, django_capture_on_commit_callbacks
):
    page = Page.objects.get(slug="les-toits-partages-du-lauragais").specific
    page.summary = "Désormais avec un four à pain partagé : boulangerie"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert page.title in _titles(_search(client, q="boulangerie"))


def test_suggestions_answer_titles_as_people_type(indexed, client):
    data = client.get("/recherche/suggestions/", {"q": "garantie"}).json()
    titles = [item["title"] for item in data["results"]]
    assert "Garantie d'emprunt de la Région : mode d'emploi" in titles
    assert all(item["url"].startswith("/") for item in data["results"])
    # Each says what it is, beside its title.
    kinds = {item["kind"]: item["kind_label"] for item in data["results"]}
    assert kinds.get("ressource") == "Ressource" and kinds.get("evenement") == "Événement"
    assert client.get("/recherche/suggestions/", {"q": "g"}).json() == {"results": []}


def test_staff_see_frequent_and_unanswered_queries_and_others_do_not(indexed, client):
    _search(client, q="garantie")
    _search(client, q="chauffage géothermique")
    call_command("flush_counters", stdout=StringIO())  # the scheduler's job, every 10 minutes
    client.force_login(indexed["equipe@labo.test"])
    frequent = client.get("/admin/recherches/frequentes/").content.decode()
    assert "garantie" in frequent
    unanswered = client.get("/admin/recherches/sans-resultat/").content.decode()
    assert "chauffage géothermique" in unanswered and "garantie" not in unanswered
    for email in ("membre@labo.test", "moderation@labo.test", "partenaire@labo.test"):
        client.force_login(indexed[email])
        assert client.get("/admin/recherches/sans-resultat/").status_code == 403


@pytest.mark.parametrize(
    ("facet", "value", "label"),
    [
        ("departement", "31", "Haute-Garonne"),
        ("periode", "a-venir", "À venir"),
        ("theme", "financement", "Financement"),
    ],  # fmt: skip
)
def test_each_facet_count_is_the_number_of_results_it_gives(indexed, client, facet, value, label):
    html = _search(client, q="habitat")
    count = int(re.search(rf">{label}</a> <span class=\"card__meta\">\((\d+)\)", html).group(1))
    assert count > 0
    assert _total(_search(client, q="habitat", **{facet: value})) == count


def test_promoted_results_show_first_and_only_when_visible(indexed, client):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    guide = Page.objects.get(slug="garantie-demprunt-de-la-region-mode-demploi")
    members_only = Page.objects.get(slug="modele-de-statuts-de-cooperative-dhabitants")
    query = Query.get("pret")
    SearchPromotion.objects.create(query=query, page=guide, sort_order=0, description="Le guide")
    SearchPromotion.objects.create(query=query, page=members_only, sort_order=1)
    html = _search(client, q="pret")
    assert "Recommandé" in html and guide.title in html
    assert members_only.title not in html


@pytest.mark.parametrize(
    ("email", "finds"),
    [
        (None, False),
        ("membre@labo.test", True),
        ("porteur.a@labo.test", True),
        ("partenaire@labo.test", True),
        ("moderation@labo.test", True),
        ("equipe@labo.test", True),
        ("admin@labo.test", True),
    ],
)
def test_members_only_content_by_role(indexed, client, email, finds):
    title = "Modèle de statuts de coopérative d'habitants"
    if email:
        client.force_login(indexed[email])
    assert (title in _titles(_search(client, q="agrement"))) is finds
    suggested = [
        s["title"]
        for s in client.get("/recherche/suggestions/", {"q": "modèle de"}).json()["results"]
    ]
    assert (title in suggested) is finds


def test_a_deleted_page_leaves_the_index(indexed, client):
    page = Page.objects.get(slug="les-foncieres-solidaires-synthese")
    title = page.title
    page.delete()
    assert title not in _titles(_search(client, q="demembrement"))
    assert not SearchDocument.objects.filter(title=title).exists()


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"kind": "projet"},
        {"departement": "31"},
        {"kind": "ressource", "periode": "plus-ancien"},
        {"departement": "34", "theme": "foncier"},
    ],
)
@pytest.mark.parametrize("members", [False, True])
def test_search_facets_from_one_grouped_query_equal_counting_apart(indexed, filters, members):
    """Kind and département come from one GROUP BY with the total: each count is still what
    the search would list with that value chosen."""
    from labo.facets import value_counts
    from search.engines.base import SearchRequest
    from search.engines.database import DatabaseEngine

    engine = DatabaseEngine()
    request = SearchRequest(query="habitat", members=members, **filters)
    matching = engine._matching(request)
    facets, total = engine._facets(matching, request)
    for name, field in [("type", "kind"), ("departement", "departement")]:
        apart = value_counts(engine._filtered(matching, request, exclude=field), field)
        assert facets[name] == {value: n for value, n in apart.items() if value and n}, name
    assert total == engine._filtered(matching, request).count()
    assert total == engine.search(request).total


def test_a_project_s_paragraphs_are_indexed_with_a_space_between_them(demo):
    from projects.models import ProjectPage
    from search.indexing import document_update
    from search.models import SearchDocument

    project = ProjectPage.objects.filter(description__contains="</p><p>").first()
    document_update(project, queue=False)
    body = SearchDocument.objects.get(url=project.url).body
    last, first = project.description.split("</p><p>", 1)
    assert f"{last.rsplit(' ', 1)[-1]} {first.split(' ', 1)[0]}" in body
