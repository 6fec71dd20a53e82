"""Retention (docs/privacy.md "Retention"): policies, clocks, legal holds, the sweep, the
departure. Part E's holders stand in as one fake holder of the interview data classes."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from hireflow.audit.model import AuditEntry
from hireflow.bootstrap import services
from hireflow.offers.model import Offer, OfferStatus
from hireflow.offers.personal_data import OfferRecords
from hireflow.platform.ids import now
from hireflow.privacy import reactions
from hireflow.privacy.model import (
    ClockEvent,
    ConsentEntry,
    DataClass,
    Purpose,
    ReceiptLine,
    SweepReceipt,
)
from hireflow.privacy.sweep import AuditExpiry
from hireflow.recruiting.status import CandidateStatus
from hireflow.reviews.personal_data import reviews_data
from hireflow.talent.personal_data import talent_data
from tests.support.builders import hired, new_candidate
from tests.unit.test_talent_pool import ended

INTERVIEW = frozenset({DataClass.RECORDINGS, DataClass.TRANSCRIPTS, DataClass.REPORTS})


class InterviewData:
    """Stands for part E's holders: what it still holds of each candidate."""

    name = "interviews.fake"
    classes = dict.fromkeys(INTERVIEW, "memory")

    def __init__(self, candidate_id: str) -> None:
        self.held = {candidate_id: set(INTERVIEW)}

    def expand(self, person):
        return person

    def export(self, person, bundle):
        pass

    def erase(self, person, classes, *, anonymise):
        lines = []
        for cid in person.candidate_ids:
            gone = self.held.get(cid, set()) & classes
            self.held[cid] = self.held.get(cid, set()) - classes
            lines += [ReceiptLine(data_class=c, holder=self.name, where="memory",
                                  action="deleted", count=1) for c in gone]  # fmt: skip
        return lines


def rejected_candidate(hr, **changes):
    candidate = new_candidate(hr, **changes).json
    ended(candidate)
    detail = {"candidate_id": candidate["id"], "branch_id": "shanghai",
              "occurred_at": now().isoformat()}  # fmt: skip
    reactions.rejected(services(), detail)
    fake = InterviewData(candidate["id"])
    sweep = dataclasses.replace(services().retention_sweep, holders=[fake])
    return candidate["id"], fake, sweep


def items(receipt, data_class):
    return sum(line.items for line in receipt.lines if line.data_class == data_class)


def test_the_sweep_erases_after_the_period_once_and_a_hold_stops_it(hr):
    cid, fake, sweep = rejected_candidate(hr)
    assert sweep.run(now() + timedelta(days=100)).lines == [] or fake.held[cid] == set(INTERVIEW)
    assert fake.held[cid] == set(INTERVIEW)  # not before the 183 days

    hold = hr.put(f"/api/privacy/holds/{cid}", "shanghai.hr", {"reason": "诉讼"})
    assert hold.status == 200 and hold.json["held"]
    held = sweep.run(now() + timedelta(days=190))
    assert fake.held[cid] == set(INTERVIEW)
    assert sum(line.held for line in held.lines) >= 3

    released = hr.call("DELETE", f"/api/privacy/holds/{cid}", "hq.hr")
    assert released.json["hold"]["released_by"] == "hq.hr"
    run_for = now() + timedelta(days=191)
    receipt = sweep.run(run_for)
    assert fake.held[cid] == set()
    assert items(receipt, DataClass.RECORDINGS) == 1

    fake.held[cid] = set(INTERVIEW)  # a run delivered again finds its receipt, does nothing
    again = sweep.run(run_for)
    assert again.lines == receipt.lines and fake.held[cid] == set(INTERVIEW)
    later = sweep.run(run_for + timedelta(days=1))  # the clock remembers what was done
    assert fake.held[cid] == set(INTERVIEW) and items(later, DataClass.RECORDINGS) == 0


def test_a_branch_override_beats_the_default_and_only_hq_changes_policies(hr):
    cid, fake, sweep = rejected_candidate(hr)
    path = "/api/privacy/retention-policies/shanghai/recordings/rejection"
    assert hr.put(path, "shanghai.hr", {"days": 30}).json["code"] == "role_required"
    assert hr.put(path, "hq.hr", {"days": 30, "action": "delete"}).status == 200
    mine = hr.get("/api/privacy/retention-policies", "shanghai.hr").json
    slot = ("recordings", "rejection")
    recordings = [p for p in mine if (p["data_class"], p["counted_from"]) == slot]
    assert [(p["days"], p["source"]) for p in recordings] == [(30, "branch")]
    sweep.run(now() + timedelta(days=31))
    assert fake.held[cid] == INTERVIEW - {DataClass.RECORDINGS}

    audit = hr.put("/api/privacy/retention-policies/*/audit_entries/recorded", "hq.admin",
                   {"days": 30})  # fmt: skip
    assert (audit.status, audit.json["code"]) == (422, "audit_retention_below_minimum")


def test_a_clock_is_written_once_per_event(hr):
    retention = services().retention
    first = retention.start_clock("c-1", "candidate", "shanghai", ClockEvent.REJECTION, now())
    again = retention.start_clock(
        "c-1", "candidate", "shanghai", ClockEvent.REJECTION, now() + timedelta(days=3)
    )
    assert again.at == first.at


def test_the_departure_archives_and_starts_the_clock_and_a_signed_offer_is_kept(hr):
    employee = hired(hr)
    reply = hr.post(f"/api/employees/{employee.id}/departure", "shanghai.hr",
                    {"left_on": str(now().date()), "reason": "个人原因"})  # fmt: skip
    assert reply.status == 201 and reply.json["archived_at"]
    assert employee.id not in [e["id"] for e in hr.get("/api/employees", "shanghai.hr").json]
    detail = {"employee_id": employee.id, "branch_id": "shanghai", "occurred_at": now().isoformat()}
    reactions.departed(services(), detail)
    clocks = services().retention_sweep.privacy.clocks_of(employee.id)
    assert [c.event for c in clocks] == [ClockEvent.DEPARTURE]
    assert hr.get(f"/api/employees/{employee.id}", "shanghai.hr").json["name"] == employee.name

    holder = next(h for h in services().retention_sweep.holders if isinstance(h, OfferRecords))
    signed = Offer.model_construct(status=OfferStatus.ACCEPTED, employee_id=employee.id)
    assert holder.kept_until(signed) == (
        now().date() + timedelta(days=3 * 365),
        "signed_offer_legal_period",
    )


def test_isolation_of_holds(hr):
    cid = new_candidate(hr).json["id"]
    assert hr.put(f"/api/privacy/holds/{cid}", "shenzhen.hr", {"reason": "x"}).status == 404
    assert hr.get(f"/api/privacy/holds/{cid}", "shanghai.hr").json["held"] is False


def test_sent_messages_left_undelivered_past_their_year_are_deleted(hr):
    """The outbox deletes a letter once delivered; one that never went out (its address
    and text in it) is deleted by the sweep after the company's period, and the receipt
    says why the count is only the undelivered ones."""
    from hireflow.platform.model import OutboxEntry, OutboxRepository

    outbox = OutboxRepository()
    for id_, days in (("stale-letter", 400), ("fresh-letter", 10)):
        entry = OutboxEntry(subject_id="c-outbox", id=id_, kind="message",
                            payload={"to": "x@example.com"},
                            filed_at=now() - timedelta(days=days))  # fmt: skip
        outbox._entries.put(entry)
    receipt = services().retention_sweep.run(now() + timedelta(minutes=7))
    assert [e.id for e in outbox.pending("c-outbox")] == ["fresh-letter"]
    (line,) = [x for x in receipt.lines if x.data_class == DataClass.SENT_MESSAGES]
    assert (line.policy_branch, line.items) == ("*", 1)
    assert line.reason_code == "sent_messages_deleted_on_delivery"


def recording_line(cid, given):
    """A recording line of the ledger, and the detail of its ``consent.changed``."""
    entry = ConsentEntry(subject_id=cid, branch_id="shanghai", purpose=Purpose.RECORDING,
                         given=given, notice_jurisdiction="cn-mainland", notice_version=1,
                         text="x", locale="en", channel="portal")  # fmt: skip
    services().consents.ledger._entries.create(entry)
    return {"candidate_id": cid, "branch_id": "shanghai", "purpose": "recording",
            "given": given, "entry_id": entry.id, "occurred_at": entry.at.isoformat()}  # fmt: skip


def test_only_a_real_withdrawal_starts_a_clock_and_consent_given_again_stops_it(hr):
    cid = new_candidate(hr).json["id"]
    clocks = services().retention.privacy.clocks_of
    # The consent step's refusal of an unanswered purpose withdraws nothing.
    assert reactions.consent_changed(services(), recording_line(cid, False)) is None
    assert clocks(cid) == []
    recording_line(cid, True)
    assert reactions.consent_changed(services(), recording_line(cid, False)) == "withdrawal"
    recording_line(cid, True)  # given again before the sweep ran: the recordings stay
    fake = InterviewData(cid)
    sweep = dataclasses.replace(services().retention_sweep, holders=[fake])
    sweep.run(now() + timedelta(minutes=11))
    assert fake.held[cid] == set(INTERVIEW) and clocks(cid) == []
    reactions.consent_changed(services(), recording_line(cid, False))  # withdrawn again
    sweep.run(now() + timedelta(minutes=12))
    assert fake.held[cid] == INTERVIEW - {DataClass.RECORDINGS}


def test_a_reopened_application_keeps_its_data_until_it_ends_again(hr):
    cid, fake, sweep = rejected_candidate(hr)
    ended({"id": cid}, CandidateStatus.INVITED)  # HR invited the expired candidate again
    sweep.run(now() + timedelta(days=190))
    assert fake.held[cid] == set(INTERVIEW)
    assert [c.event for c in services().retention.privacy.clocks_of(cid)] == [ClockEvent.REJECTION]
    ended({"id": cid}, CandidateStatus.EXPIRED)
    sweep.run(now() + timedelta(days=190, minutes=1))
    assert fake.held[cid] == set()


def test_the_pool_and_the_reviews_are_kept_with_the_application_not_the_reports():
    talent, reviews = talent_data(), reviews_data()
    assert "POOL" not in talent.prefixes[DataClass.REPORTS]
    assert talent.prefixes[DataClass.APPLICATION] == ("POOL",)
    assert set(reviews.prefixes) == {DataClass.APPLICATION}


def test_the_audit_expiry_keeps_the_entries_about_a_held_subject(hr):
    old = now() - timedelta(days=400)
    about = (("c-held", "c-held"), ("c-held", None), ("c-free", "c-free"))
    entries = [
        AuditEntry(
            at=old,
            actor_id="u",
            actor="u",
            branch_id="hold-branch",
            action="x.y",
            entity="candidate",
            entity_id=entity_id,
            subject_id=subject_id,
        )
        for entity_id, subject_id in about
    ]
    expiry = AuditExpiry(lambda subject: subject == "c-held")
    for entry in entries:
        expiry._entries.put(entry)
    assert expiry.expire("hold-branch", now() - timedelta(days=200)) == 1
    month = AuditEntry.branch_month("hold-branch", old.strftime("%Y-%m"))
    assert sorted(e.entity_id for e in expiry._entries.iterate(month)) == ["c-held", "c-held"]


def test_a_retried_run_keeps_the_counts_of_the_attempt_that_timed_out(hr):
    first, fake, sweep = rejected_candidate(hr)
    second, _, _ = rejected_candidate(hr, phone="138 0013 8001", email="b@example.com")
    fake.held[second] = set(INTERVIEW)
    erase, timed_out = fake.erase, []

    def erase_or_time_out(person, classes, *, anonymise):
        if second in person.candidate_ids and not timed_out:
            timed_out.append(True)
            raise TimeoutError
        return erase(person, classes, anonymise=anonymise)

    fake.erase = erase_or_time_out
    run_for = now() + timedelta(days=195)
    with pytest.raises(TimeoutError):
        sweep.run(run_for)
    saved = services().retention.privacy.receipts.get(*SweepReceipt.key(run_for))
    assert saved and not saved.finished_at and items(saved, DataClass.RECORDINGS) == 1
    receipt = sweep.run(run_for)  # the retry
    assert fake.held[first] == fake.held[second] == set()
    assert items(receipt, DataClass.RECORDINGS) == 2 and receipt.finished_at
