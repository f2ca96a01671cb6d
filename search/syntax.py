"""The query language of the unified search, read once for every engine.

It is PostgreSQL's web-search syntax (`websearch_to_tsquery`), which people already know from
search engines:

- words are all required: `habitat partagé` finds what holds both;
- a quoted phrase keeps its words together: `"habitat partagé"`;
- `OR` between two terms accepts either: `SCIA OR coopérative`;
- a dash before a word or a phrase excludes it: `habitat -rural`;
- any other punctuation (parentheses, `¿`, a lone quote) only separates words.

PostgreSQL parses the text itself; the SQLite path of the database engine and the
Elasticsearch engine build their queries from `parse_query()`, so that the three answer the
same question. Parsing never fails: text with no word left is an empty query, and the search
page shows its empty state instead of asking an engine.
"""

import re
from dataclasses import dataclass

from search.normalize import normalize

_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'[^\s"]+')
MIN_WORD_LENGTH = 2  # a single letter (the « l » of « l'habitat ») finds everything


@dataclass(frozen=True)
class Term:
    """Words that must all appear (next to each other for a phrase), or must not."""

    words: tuple[str, ...]
    phrase: bool = False
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A conjunction of clauses, each a disjunction of terms: `a b OR c -d` is
    `[[a], [b, c], [-d]]`."""

    clauses: tuple[tuple[Term, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def positive_words(self) -> list[str]:
        """The words a result may show, in the order typed, without repeats: what excerpts
        highlight, titles rank on and spelling hints correct."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for term in clause:
                if not term.negated:
                    seen.update(dict.fromkeys(term.words))
        return list(seen)


def words_of(text: str) -> tuple[str, ...]:
    """Normalized words (lower case, no accents), punctuation dropped."""
    return tuple(w for w in _WORD.findall(normalize(text)) if len(w) >= MIN_WORD_LENGTH)


def parse_query(text: str) -> ParsedQuery:
    terms: list[Term | None] = []  # None stands for an OR between two terms
    negate = False
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char == "-" and position + 1 < length and not text[position + 1].isspace():
            negate = True
            position += 1
            continue
        if char == '"':
            end = text.find('"', position + 1)
            end = length if end == -1 else end  # an unclosed quote runs to the end
            words = words_of(text[position + 1 : end])
            if words:
                terms.append(Term(words, phrase=len(words) > 1, negated=negate))
            negate = False
            position = end + 1
            continue
        chunk = _CHUNK.match(text, position)
        position = chunk.end()
        if chunk.group().casefold() == "or" and not negate:
            terms.append(None)
            continue
        words = words_of(chunk.group())
        if negate and words:
            # « -habitat-groupé » excludes what holds both words, as one term.
            terms.append(Term(words, negated=True))
        else:
            # « l'habitat » or « habitat-groupé »: each word required on its own, so that
            # punctuation written differently in the text does not hide it.
            terms.extend(Term((word,)) for word in words)
        negate = False
    return ParsedQuery(clauses=_clauses(terms))


def _clauses(terms: list[Term | None]) -> tuple[tuple[Term, ...], ...]:
    clauses: list[list[Term]] = []
    joined = False
    for term in terms:
        if term is None:
            joined = bool(clauses)  # an OR with nothing before it is only a word
            continue
        if joined:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joined = False
    return tuple(tuple(clause) for clause in clauses)
