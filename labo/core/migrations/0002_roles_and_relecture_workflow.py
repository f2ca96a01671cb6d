from django.db import migrations


def create_roles_and_workflow(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from labo.core.workflows import ensure_relecture_workflow
    from labo.roles import sync_role_groups

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps)
    ensure_relecture_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("wagtailredirects", "__latest__"),
        ("wagtailsearchpromotions", "__latest__"),
        ("django_comments", "__latest__"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop)]
