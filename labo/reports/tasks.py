from django_tasks import task


@task()
def build_report_export(export_id: int) -> bool:
    # Imported when the task runs: the writers' libraries (fpdf2 with its fonts, python-docx,
    # odfpy) would otherwise sit in every web worker's memory, which only enqueues the task.
    from labo.reports.building import report_export_build  # noqa: PLC0415 (see above)

    return report_export_build(export_id=export_id)
