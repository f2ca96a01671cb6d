"""What a web worker loads, and what its garbage collector walks. The files the platform
writes or reads in the background (the report's PDF, DOCX and ODT, a PDF's first page, the
text of a document) need libraries that weigh some 26 MB in each process; the web workers only
enqueue those tasks, so the libraries must load in the task worker alone, when a task runs."""

import json
import subprocess

from tests.production_site import PYTHON, ROOT

# Library → what needs it (labo.reports.exports, resources.previews, resources.extraction).
TASK_ONLY_LIBRARIES = ("fpdf", "docx", "odf", "fontTools", "pypdfium2")

# What a gunicorn worker does when it starts (labo.wsgi loads every view module too).
LOAD_THE_WEB_APPLICATION = """
import gc, json, sys
import labo.wsgi
print(json.dumps({"modules": sorted(sys.modules), "frozen": gc.get_freeze_count()}))
"""


def _web_process() -> dict:
    loaded = subprocess.run(
        [PYTHON, "-c", LOAD_THE_WEB_APPLICATION],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "labo.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(loaded.strip().splitlines()[-1])


def test_a_web_worker_loads_none_of_the_task_workers_file_libraries():
    modules = set(_web_process()["modules"])

    assert "labo.urls" in modules and "labo.reports.views" in modules
    assert "labo.reports.tasks" in modules  # the views enqueue the tasks…
    assert "resources.tasks" in modules
    assert [name for name in TASK_ONLY_LIBRARIES if name in modules] == []  # …and no more


def test_the_web_application_sets_what_it_loaded_aside_from_the_garbage_collector():
    """labo.wsgi loads every view, then freezes what is loaded: a full collection walked the
    quarter of a million objects of Django, Wagtail and the views, 120–140 ms during which
    a request waited (docs/performance.md)."""
    assert _web_process()["frozen"] > 100_000
