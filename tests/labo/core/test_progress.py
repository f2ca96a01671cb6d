"""Long commands show their progress: a bar redrawn in place on a terminal, a few plain lines
in a log, and a last line saying what was done."""

import io

import pytest
from django.core.management import call_command

from labo.core.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_in_a_log_each_line_stands_alone_and_the_last_one_sums_up():
    log = io.StringIO()
    progress = Progress(log, "Fichiers", total=3)
    for _ in range(3):
        progress.advance()
    progress.finish("3 fichiers relus")
    lines = log.getvalue().splitlines()
    assert lines[0] == "Fichiers : 0/3 (0\u202f%)"
    assert lines[-1].startswith("3 fichiers relus (") and lines[-1].endswith(" s)")
    assert "\r" not in log.getvalue()


def test_on_a_terminal_the_bar_is_drawn_again_in_place():
    terminal = _Terminal()
    progress = Progress(terminal, "Index", total=4)
    progress.advance(2)
    assert terminal.getvalue().startswith("\r\033[K[" + "█" * 15 + "·" * 15 + "] Index : 2/4")
    progress.advance(2)
    progress.finish()
    assert terminal.getvalue().count("\n") == 1
    assert terminal.getvalue().endswith("Index : 4 (0,0 s)\n")


def test_a_count_without_a_total_still_moves():
    terminal = _Terminal()
    progress = Progress(terminal, "Lignes")
    progress.advance(12_345)
    assert "Lignes : 12\u202f345" in terminal.getvalue()


@pytest.mark.django_db
def test_update_index_shows_its_progress_and_its_count(demo):
    output = io.StringIO()
    call_command("update_index", stdout=output)
    text = output.getvalue()
    assert "Recherche unifiée, lecture : 0/" in text
    assert "documents lus (" in text
    assert "documents indexés." in text


@pytest.mark.django_db
def test_resources_reindex_shows_its_progress_and_sums_up(demo):
    output = io.StringIO()
    call_command("resources_reindex", stdout=output)
    text = output.getvalue()
    assert "Fichiers des ressources : 0/" in text
    assert "fichiers relus, aperçus redessinés (" in text
