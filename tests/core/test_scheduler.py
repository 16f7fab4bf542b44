import pytest

from musharaka.core.management.commands import scheduler


@pytest.mark.django_db
def test_each_period_is_enqueued_once_even_with_two_schedulers(monkeypatch):
    calls = []

    class FakeTask:
        def enqueue(self):
            calls.append(1)

    monkeypatch.setattr(scheduler, "PERIODIC_TASKS", [("x.y", 3600)])
    monkeypatch.setattr(scheduler, "import_string", lambda path: FakeTask())
    assert scheduler.enqueue_due(7200.0) == ["x.y"]
    assert scheduler.enqueue_due(7300.0) == []  # same hour, another machine's scheduler
    assert scheduler.enqueue_due(10800.0) == ["x.y"]  # next hour
    assert len(calls) == 2
