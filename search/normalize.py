import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower case, without accents or repeated spaces: « Coopérative  d'Habitants » →
    « cooperative d'habitants »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped).strip().casefold()


def normalize_aligned(text: str) -> str:
    """normalize() one character at a time, so that position i of the result is character i
    of `text`: what a match found in the result marks in the text. A character that
    decomposes into several (« … » into three dots, « ß » into « ss ») keeps its first."""
    return "".join((normalize(char) or " ")[0] for char in text)
