"""What the site's search index holds, and under which names.

The site searches the alias `<ELASTICSEARCH_INDEX>-recherche`; behind it, one concrete index
per rebuild, `<alias>-v<MAPPING_VERSION>-<time>`. A rebuild fills a new index, then moves the
alias in one atomic step (search.engines.elasticsearch.engine), so searches never meet a
missing or half-filled index. Writes require the alias: a document written while no index
exists is refused instead of creating one with guessed mappings. `dynamic: strict` refuses
any field not declared here, and `_meta.mapping_version` lets /sante/ compare the live index
with this code: change MAPPINGS or ANALYSIS, raise MAPPING_VERSION, run update_index."""

from django.conf import settings
from django.utils import timezone

MAPPING_VERSION = 2

ANALYSIS = {
    "filter": {
        "french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": [
                "l",
                "m",
                "t",
                "qu",
                "n",
                "s",
                "j",
                "d",
                "c",
                "jusqu",
                "quoiqu",
                "lorsqu",
                "puisqu",
            ],
        },  # fmt: skip
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "french_stemmer": {"type": "stemmer", "language": "light_french"},
    },
    "analyzer": {
        # Stop words are removed before accents are folded: « à », « été » are stop words.
        "french_folded": {
            "tokenizer": "standard",
            "filter": [
                "french_elision",
                "lowercase",
                "french_stop",
                "asciifolding",
                "french_stemmer",
            ],
        },  # fmt: skip
        # Whole words, for the spelling hint and the suggestions: never a stem.
        "folded_words": {
            "tokenizer": "standard",
            "filter": ["french_elision", "lowercase", "asciifolding"],
        },
    },
}
# Offsets in the postings: long texts (a 500-page PDF) are highlighted from the index,
# without re-analysing them against index.highlight.max_analyzed_offset.
LONG_TEXT = {"type": "text", "analyzer": "french_folded", "index_options": "offsets"}
MAPPINGS = {
    "dynamic": "strict",
    "_meta": {"mapping_version": MAPPING_VERSION},
    "properties": {
        "key": {"type": "keyword"},  # the last tie-break of every sort
        "title": {
            "type": "text",
            "analyzer": "french_folded",
            "fields": {
                "words": {"type": "text", "analyzer": "folded_words"},
                "suggest": {"type": "search_as_you_type", "analyzer": "folded_words"},
            },
        },
        "summary": LONG_TEXT,
        "body": LONG_TEXT,
        "attachments": LONG_TEXT,
        "kind": {"type": "keyword"},
        "departement": {"type": "keyword"},
        "themes": {"type": "keyword"},
        "date": {"type": "date"},
        "members_only": {"type": "boolean"},
        "url": {"type": "keyword", "index": False},
    },
}


def alias_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX}-recherche"


def new_index_name() -> str:
    return f"{alias_name()}-v{MAPPING_VERSION}-{timezone.now():%Y%m%d%H%M%S%f}"


def document_id(*, content_type_id: int, object_id: int) -> str:
    return f"{content_type_id}-{object_id}"


def document_body(row) -> dict:
    """A row of search_searchdocument as Elasticsearch keeps it."""
    return {
        "key": document_id(content_type_id=row.content_type_id, object_id=row.object_id),
        "kind": row.kind,
        "title": row.title,
        "summary": row.summary,
        "body": row.body,
        "attachments": row.attachments,
        "url": row.url,
        "departement": row.departement or None,
        "themes": row.themes.split(),
        "date": row.date.isoformat() if row.date else None,
        "members_only": row.members_only,
    }
