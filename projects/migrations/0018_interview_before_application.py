"""The VIURE call begins with the entretien préalable: a project meets the CRESS team before it
applies (the 2025 report: 18 entretiens préalables, then the applications). Migration 0005 had
placed the interview after « Candidature reçue ». Stages an administrator already changed
(renamed, reordered, other texts) are left as they are."""

from django.db import migrations

INTERVIEW_GUIDANCE_0014 = (
    "L'entretien préalable avec l'équipe de la CRESS sert à vérifier que le projet entre "
    "dans l'appel à projets et à préparer la suite. Venez à deux ou trois membres du "
    "collectif si vous le pouvez."
)
APPLICATION_GUIDANCE_0014 = (
    "Votre candidature est bien arrivée. Remplissez le dossier de candidature en ligne : "
    "vos réponses sont enregistrées au fil de la saisie. L'équipe de la CRESS vous propose "
    "ensuite un entretien préalable pour faire connaissance avec le projet."
)
INTERVIEW_GUIDANCE = (
    "Première étape de l'appel à projets : un entretien préalable avec l'équipe de la CRESS, "
    "pour faire connaissance avec le projet, vérifier qu'il entre dans l'appel et préparer la "
    "candidature. Vous recevez l'invitation par e-mail ; venez à deux ou trois membres du "
    "collectif si vous le pouvez."
)
APPLICATION_GUIDANCE = (
    "Après l'entretien préalable, remplissez le dossier de candidature en ligne : vos réponses "
    "sont enregistrées au fil de la saisie et vous les envoyez quand elles sont complètes. "
    "Les projets retenus pour la suite sont invités en pré-audition."
)


def interview_first(apps, schema_editor):
    Stage = apps.get_model("projects", "Stage")
    stages = {s.staff_name: s for s in Stage.objects.filter(programme__slug="aap-viure")}
    interview, application = stages.get("Entretien préalable"), stages.get("Candidature reçue")
    if interview is None or application is None:
        return
    if not (application.is_initial and application.sort_order < interview.sort_order):
        return  # already in the right order, or reorganised by hand
    interview.sort_order, application.sort_order = application.sort_order, interview.sort_order
    interview.is_initial, application.is_initial = True, False
    if interview.carrier_guidance == INTERVIEW_GUIDANCE_0014:
        interview.carrier_guidance = INTERVIEW_GUIDANCE
    if application.carrier_guidance == APPLICATION_GUIDANCE_0014:
        application.carrier_guidance = APPLICATION_GUIDANCE
    if application.carrier_name == "Candidature envoyée":
        application.carrier_name = "Dossier de candidature"
    interview.save()
    application.save()


class Migration(migrations.Migration):
    dependencies = [("projects", "0017_meetings_from_appointments")]

    operations = [migrations.RunPython(interview_first, migrations.RunPython.noop)]
