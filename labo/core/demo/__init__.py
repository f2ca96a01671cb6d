"""Demo content for `manage.py load_demo`. Every function is idempotent: it looks things up by
a natural key (e-mail, slug, title) and only creates what is missing."""
