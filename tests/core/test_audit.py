import pytest
from django.core.management import call_command
from django.db import connection

from musharaka.core.audit import audit_record, chain_verify
from musharaka.core.models import AuditEvent


@pytest.fixture
def three_events(agency, manager):
    return [audit_record(actor=manager, verb=f"test.{i}", target=agency) for i in range(3)]


def test_chain_of_untouched_events_verifies(three_events):
    assert list(chain_verify()) == []
    assert [e.prev_hash for e in three_events[1:]] == [e.hash for e in three_events[:-1]]


def test_edited_event_is_detected(three_events):
    AuditEvent.objects.filter(pk=three_events[1].pk).update(verb="something.else")
    problems = list(chain_verify())
    assert [p.seq for p in problems] == [three_events[1].seq]


def test_deleted_event_is_detected(three_events):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [three_events[1].pk])
    assert any("missing" in p.problem for p in chain_verify())


def test_events_cannot_be_changed_through_the_orm(three_events):
    event = three_events[0]
    event.verb = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_audit_verify_command_fails_on_tampering(three_events, capsys):
    call_command("audit_verify")
    AuditEvent.objects.filter(pk=three_events[0].pk).update(changes={"x": 1})
    with pytest.raises(SystemExit):
        call_command("audit_verify")


def test_each_agency_has_its_own_chain(agency, other_agency, manager):
    """Appends lock one agency's chain only; each chain numbers from 1 and verifies alone, and
    tampering in one is reported against that chain."""
    ours = [audit_record(actor=manager, verb=f"ours.{i}", target=agency) for i in range(2)]
    theirs = audit_record(actor=None, verb="theirs", target=other_agency)
    platform = audit_record(actor=None, verb="platform.setting")
    assert [(e.chain, e.seq) for e in ours] == [(agency.pk, 1), (agency.pk, 2)]
    assert (theirs.chain, theirs.seq) == (other_agency.pk, 1)
    assert (platform.chain, platform.seq, platform.agency_id) == (0, 1, None)
    assert ours[1].prev_hash == ours[0].hash and theirs.prev_hash == "0" * 64
    assert list(chain_verify()) == []

    AuditEvent.objects.filter(pk=theirs.pk).update(verb="rewritten")
    assert [(p.chain, p.seq) for p in chain_verify()] == [(other_agency.pk, 1)]


def test_events_written_before_the_split_still_verify_in_chain_0(agency, manager):
    """Chain 0 holds the old single chain, agencies' events included: nothing was rehashed."""
    legacy = audit_record(actor=manager, verb="legacy", target=agency)
    AuditEvent.objects.filter(pk=legacy.pk).update(chain=0)  # as the migration left them
    later = audit_record(actor=None, verb="platform.after")
    assert (later.chain, later.seq, later.prev_hash) == (0, 2, legacy.hash)
    assert list(chain_verify()) == []
