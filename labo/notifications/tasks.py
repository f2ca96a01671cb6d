from django_tasks import task

from labo.notifications import delivery


@task()
def deliver_notification_email(notification_id: int) -> bool:
    return delivery.notification_email_deliver(notification_id=notification_id)


@task()
def deliver_queued_email(queued_email_id: int) -> bool:
    return delivery.queued_email_deliver(queued_email_id=queued_email_id)
