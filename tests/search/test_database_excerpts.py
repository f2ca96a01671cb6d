"""Excerpts of the database engine on SQLite (PostgreSQL's come from ts_headline): the marks
fall on the words found, and the window is cut between words."""

from types import SimpleNamespace

from search.engines.database import EXCERPT_LENGTH, _highlight
from search.normalize import normalize_aligned


def _document(summary="", body="", attachments=""):
    return SimpleNamespace(summary=summary, body=body, attachments=attachments)


def test_the_mark_falls_on_the_word_after_the_parts_separator():
    # The parts are joined by « … », which normalizes into three characters.
    html = _highlight(
        _document(summary="Un résumé.", body="Nous partageons un paillasson."), ["paillasson"]
    )
    assert "<mark>paillasson</mark>" in html
    assert "<mark>Coopératives</mark>" in _highlight(
        _document(summary="Œuvre ﬁnie…", body="Coopératives d'habitants"), ["cooperatives"]
    )


def test_the_window_is_cut_between_words():
    filler = " ".join(["mot"] * 120)
    html = _highlight(_document(body=f"{filler} paillasson {filler}"), ["paillasson"])
    assert html.startswith("… mot ") and html.endswith(" mot …")
    assert "<mark>paillasson</mark>" in html
    assert len(html) <= EXCERPT_LENGTH + len("<mark></mark>… …")


def test_the_aligned_normalization_keeps_one_character_per_character():
    text = "Œuvre ﬁnie… Straße « coopérative »"
    assert len(normalize_aligned(text)) == len(text)
    assert normalize_aligned(text).find("cooperative") == text.find("coopérative")


def test_paragraphs_are_indexed_and_shown_as_separate_words():
    """« partageons.Nous » seen by an outside tester: a block's end is a space, in what the
    search indexes (rich text, StreamField) as in plain-text notifications."""
    from labo.html_text import html_to_text
    from labo.notifications.text import plain_text

    html = "<p>Un atelier que nous partageons.</p><p>Nous tenons à un <b>habitat</b> abordable.</p>"
    assert html_to_text(html) == (
        "Un atelier que nous partageons. Nous tenons à un habitat abordable."
    )
    assert html_to_text("<ul><li>un</li><li>deux</li></ul>ligne<br>suivante &amp; fin") == (
        "un deux ligne suivante & fin"
    )
    assert plain_text("Premier paragraphe.\n\nSecond.") == "Premier paragraphe. Second."
    excerpt = _highlight(_document(body=html_to_text(html)), ["habitat"])
    assert "partageons. Nous" in excerpt and "<mark>habitat</mark>" in excerpt


def test_the_stem_of_a_french_word_finds_and_marks_its_other_forms():
    from search.engines.database import french_stem

    assert french_stem("cooperatives") == french_stem("cooperative") == "cooper"
    assert french_stem("logements") is None  # « log »: too short to stand for the word
    assert french_stem("habitat") is None  # already its own stem
    html = _highlight(
        _document(body="Une coopérative d'habitants, l'aménagement."), ["cooperatives"]
    )
    assert "<mark>coopérative</mark>" in html
    html = _highlight(_document(body="Nos aménagements : l'aménagement partagé."), ["amenagements"])
    assert html.count("<mark>") == 2 and "l'<mark>aménagement</mark>" in html.replace("&#x27;", "'")


def test_marks_fall_exactly_on_words_with_capitals_accents_and_apostrophes():
    html = _highlight(
        _document(summary="L'Habitat des communs.", body="COOPÉRATIVES d'habitants à Foix."),
        ["habitat", "cooperative"],
    )
    text = html.replace("&#x27;", "'")
    assert "L'<mark>Habitat</mark> des communs." in text
    assert "<mark>COOPÉRATIVES</mark> d'habitants" in text  # the whole word, by its stem
