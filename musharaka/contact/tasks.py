"""Background tasks of direct communication. The work lives in ``services``."""

from django_tasks import task


@task()
def escalation_scan() -> dict:
    """Every 5 minutes: warn about requests nearing their deadline and escalate overdue ones
    along their inbox's chain (``services.escalation_scan``)."""
    from musharaka.contact.services import escalation_scan as run

    return run()
