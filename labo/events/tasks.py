from django_tasks import task

from labo.events import services


@task()
def deliver_event_email(email_id: int) -> bool:
    return services.event_email_deliver(email_id=email_id)
