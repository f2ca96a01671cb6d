"""The figures the proof tests (authorization matrix, hostile input, uploads, accessibility)
print at the end of a run: what was checked, how many times, how many failures."""

FIGURES: dict[str, str] = {}


def report(name: str, text: str) -> None:
    FIGURES[name] = text
