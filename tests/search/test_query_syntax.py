"""The search's query language (search.syntax): quoted phrases, OR and -word answer the same on
PostgreSQL and on the embedded SQLite default, and punctuation never breaks the page."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.indexing import index_rebuild
from search.syntax import Term, parse_query
from tests.forum.factories import make_thread

# Run against SQLite in CI as well (make test-sqlite): newcomers meet the default first.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


# The parser -----------------------------------------------------------------------------------


def test_words_are_all_required_and_normalized():
    assert parse_query("Habitat  PARTAGÉ").clauses == (
        (Term(("habitat",)),),
        (Term(("partage",)),),
    )


def test_a_quoted_phrase_keeps_its_words_together_even_unclosed():
    assert parse_query('"habitat partagé" rural').clauses == (
        (Term(("habitat", "partage"), phrase=True),),
        (Term(("rural",)),),
    )
    assert parse_query('rural "habitat partagé').clauses[1] == (
        Term(("habitat", "partage"), phrase=True),
    )


def test_or_joins_the_terms_on_either_side():
    assert parse_query("SCIA OR coopérative foncier").clauses == (
        (Term(("scia",)), Term(("cooperative",))),
        (Term(("foncier",)),),
    )
    # With nothing on one side, OR asks for nothing.
    assert parse_query("OR habitat OR").positive_words == ["habitat"]


def test_a_dash_before_a_word_or_a_phrase_excludes_it():
    parsed = parse_query('habitat -rural -"très isolé" auto-promotion')
    assert parsed.clauses == (
        (Term(("habitat",)),),
        (Term(("rural",), negated=True),),
        (Term(("tres", "isole"), phrase=True, negated=True),),
        (Term(("auto",)),),
        (Term(("promotion",)),),
    )
    assert parsed.positive_words == ["habitat", "auto", "promotion"]


@pytest.mark.parametrize("text", ['"', 'a"b', "(", "¿'\"(", '""', "- -", "l' d'", "OR", "  "])
def test_punctuation_and_single_letters_leave_an_empty_query(text):
    assert parse_query(text).is_empty


@given(st.text(max_size=200))
def test_any_text_parses_into_words_of_letters_and_digits(text):
    parsed = parse_query(text)
    for clause in parsed.clauses:
        assert clause
        for term in clause:
            assert term.words
            assert all(word.isalnum() and len(word) >= 2 for word in term.words)


# The search page, on the database of the run ---------------------------------------------------


@pytest.mark.parametrize("query", ['"', 'a"b', "(", "¿'\"("])
def test_punctuation_alone_shows_the_empty_state_not_an_error(demo, client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun mot à chercher dans votre saisie" in html
    assert "Pour préciser une recherche" in html
    # What was typed stays in the box, escaped.
    assert 'id="search-q" name="q" value="' in html


@pytest.fixture
def three_threads(demo):
    member = demo["membre@labo.test"]
    threads = {
        "together": make_thread(
            member, title="Entrée de la maison", body="Un paillasson tournesol devant la porte."
        ),
        "apart": make_thread(
            member, title="Rangement commun", body="Le paillasson est rangé près du tournesol."
        ),
        "other": make_thread(member, title="Toiture partagée", body="Une girouette sur le toit."),
    }
    index_rebuild()
    return {key: thread.title for key, thread in threads.items()}


def _found(client, query: str) -> set[str]:
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    return set(re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("paillasson tournesol", {"together", "apart"}),
        ('"paillasson tournesol"', {"together"}),
        ("paillasson OR girouette", {"together", "apart", "other"}),
        ("girouette OR tournesol -paillasson", {"other"}),
        ('tournesol -"paillasson tournesol"', {"apart"}),
        ("(paillasson) ¿tournesol?", {"together", "apart"}),
    ],  # fmt: skip
)
def test_phrases_or_and_exclusions_answer_the_same_on_both_databases(
    three_threads, client, query, expected
):
    assert _found(client, query) == {three_threads[key] for key in expected}
