from django_tasks import task

from labo.notifications import services


@task()
def deliver_notification_email(notification_id: int) -> bool:
    return services.notification_email_deliver(notification_id=notification_id)
