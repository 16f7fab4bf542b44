"""Background tasks for consultations. Arguments are ids; the work lives in ``exports``."""

from django_tasks import task


@task()
def build_matrix_xlsx(consultation_id: int, language: str) -> str:
    """Build the comment-response matrix of a large consultation into default storage."""
    from musharaka.consultations.exports import matrix_store
    from musharaka.consultations.models import Consultation

    consultation = Consultation.objects.select_related("agency").get(pk=consultation_id)
    return matrix_store(consultation=consultation, language=language)


@task()
def build_outcome_pdf(consultation_id: int, language: str) -> str:
    """Build the outcome report (PDF) of a large consultation into default storage."""
    from musharaka.consultations.exports import outcome_pdf_store
    from musharaka.consultations.models import Consultation

    consultation = Consultation.objects.select_related("agency").get(pk=consultation_id)
    return outcome_pdf_store(consultation=consultation, language=language)


# --- Lifecycle (services.py) -----------------------------------------------------------------


@task()
def open_and_close_due() -> dict:
    """Every 5 minutes: open scheduled consultations whose opening date has come and close
    open ones whose period has ended (``services.open_and_close_due``)."""
    from musharaka.consultations.services import open_and_close_due as run

    return run()
