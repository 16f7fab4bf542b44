"""Background tasks for polls. Arguments are ids; the work lives in ``exports``."""

from django_tasks import task


@task()
def build_responses_xlsx(poll_id: int, language: str) -> str:
    """Build the responses spreadsheet of a large poll into default storage."""
    from musharaka.polls.exports import xlsx_store
    from musharaka.polls.models import Poll

    poll = Poll.objects.select_related("agency").get(pk=poll_id)
    return xlsx_store(poll=poll, language=language)
