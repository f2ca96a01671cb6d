from django_tasks import task

from labo.reports.building import report_export_build


@task()
def build_report_export(export_id: int) -> bool:
    return report_export_build(export_id=export_id)
