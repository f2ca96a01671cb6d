"""Registrations without an account (a guest's name and address, confirmed by e-mail),
companions, seats held while a guest confirms, guests' data anonymised in time, the secret of
each registration's links, and the event's options for them. The token is added empty, filled
row by row, then made unique (a callable default would give every existing row the same
value)."""

import django.db.models.deletion
import events.models
from django.conf import settings
from django.db import migrations, models


def give_tokens(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    for registration in Registration.objects.filter(token__isnull=True).only("pk"):
        registration.token = events.models.registration_token()
        registration.save(update_fields=["token"])


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0006_access_information'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='eventpage',
            name='companions_max',
            field=models.PositiveSmallIntegerField(default=3, help_text='Chaque accompagnant·e compte pour une place. 0 : personne seule.', verbose_name='accompagnant·es par inscription'),
        ),
        migrations.AddField(
            model_name='eventpage',
            name='guests_allowed',
            field=models.BooleanField(default=True, help_text='Un nom et une adresse e-mail suffisent, confirmée par un lien.', verbose_name='inscription sans compte'),
        ),
        migrations.AddField(
            model_name='registration',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='registration',
            name='companion_names',
            field=models.CharField(blank=True, max_length=300, verbose_name='noms des accompagnant·es'),
        ),
        migrations.AddField(
            model_name='registration',
            name='companions',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='accompagnant·es'),
        ),
        migrations.AddField(
            model_name='registration',
            name='guest_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='e-mail (sans compte)'),
        ),
        migrations.AddField(
            model_name='registration',
            name='guest_name',
            field=models.CharField(blank=True, max_length=100, verbose_name='nom (sans compte)'),
        ),
        migrations.AddField(
            model_name='registration',
            name='held_until',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='registration',
            name='token',
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(give_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='registration',
            name='token',
            field=models.CharField(default=events.models.registration_token, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name='eventemail',
            name='kind',
            field=models.CharField(choices=[('verification', 'Lien de confirmation (inscription sans compte)'), ('confirmation', "Confirmation d'inscription"), ('attente', "Inscription sur liste d'attente"), ('promotion', 'Place libérée : inscription confirmée'), ('rappel-veille', 'Rappel la veille'), ('rappel-heure', 'Rappel une heure avant (en ligne)'), ('changement', 'Changement de date ou de lieu'), ('annulation', "Annulation de l'événement"), ('desinscription', "Désinscription par l'équipe"), ('message', "Message de l'équipe aux inscrits")], max_length=16),
        ),
        migrations.AlterField(
            model_name='registration',
            name='status',
            field=models.CharField(choices=[('a-confirmer', 'En attente de confirmation par e-mail'), ('confirmee', 'Inscription confirmée'), ('attente', "Sur liste d'attente"), ('annulee', 'Inscription annulée')], max_length=12, verbose_name='statut'),
        ),
        migrations.AlterField(
            model_name='registration',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='event_registrations', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='registration',
            index=models.Index(condition=models.Q(('status', 'a-confirmer')), fields=['held_until'], name='events_held_idx'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.UniqueConstraint(condition=models.Q(('guest_email', ''), _negated=True), fields=('event', 'guest_email'), name='events_one_guest_registration'),
        ),
        migrations.AddConstraint(
            model_name='registration',
            constraint=models.CheckConstraint(condition=models.Q(('user__isnull', False), models.Q(('guest_email', ''), _negated=True), ('anonymised_at__isnull', False), _connector='OR'), name='events_registration_has_someone'),
        ),
    ]
