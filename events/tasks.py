from django_tasks import task

from events import emails


@task()
def deliver_event_email(email_id: int) -> bool:
    return emails.event_email_deliver(email_id=email_id)
