"""The consent ledger through the candidate portal, the notices HQ publishes per
jurisdiction, and the minimum notice period (docs/privacy.md "Consent and notice")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hireflow.bootstrap import services
from hireflow.interviews.steps import CHINA_TIME
from hireflow.platform import aws
from hireflow.platform.settings import settings
from hireflow.privacy.notices import DEFAULT_NOTICES, opens_at
from hireflow.talent.pool import consent_text
from tests.support.builders import english_candidate, invited, uploaded_answer
from tests.unit.test_portal import PHONE, Portal

NOTICE = {
    "general": {"zh": "第二版通知", "en": "Notice, version 2"},
    "purposes": {
        p: {"zh": f"第二版：{p}", "en": f"v2: {p}"}
        for p in ("recording", "ai_analysis", "talent_pool")
    },
}


@pytest.fixture
def portal(hr):
    return Portal()


def session_of(portal, token, **consents):
    status, body = portal.call(
        "POST", f"/api/interview/{token}/verify", {"phone": PHONE, "consents": consents}
    )
    assert status == 200, body
    return body["session"]


def lines(candidate_id):
    return services().portal.consents.entries(candidate_id)


def test_no_recording_consent_means_no_recording_but_the_alternative(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = session_of(portal, token, ai_analysis=True)
    status, body = portal.call(
        "POST", f"/api/interview/{token}/answers/intro/upload", {}, session=session
    )
    assert status == 409 and body["code"] == "recording_consent_missing"
    status, view = portal.call("GET", f"/api/interview/{token}/consents", session=session)
    states = {p["purpose"]: p["state"] for p in view["purposes"]}
    assert states["recording"] is None and states["ai_analysis"]["given"] is True
    assert [p["required"] for p in view["purposes"] if p["purpose"] == "recording"] == [True]
    # The alternative is the existing request for a person.
    portal.call("POST", f"/api/interview/{token}/alternative", {"reason": ""})
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status"] == "alternative_requested"


def test_each_choice_is_a_line_with_the_words_shown_and_no_ai_still_records(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = session_of(portal, token, recording=True, ai_analysis=False)
    status, _ = portal.call(
        "POST", f"/api/interview/{token}/answers/intro/upload", {}, session=session
    )
    assert status == 200  # recorded, for people to review only
    found = {e.purpose: e for e in lines(candidate["id"])}
    assert set(found) == {"recording", "ai_analysis"}
    assert not found["ai_analysis"].given and found["recording"].given
    shown = DEFAULT_NOTICES["cn-mainland"].purposes
    assert found["recording"].text == shown["recording"].en  # an English-speaking person
    assert {(e.notice_jurisdiction, e.notice_version, e.channel) for e in found.values()} == {
        ("cn-mainland", 1, "portal")
    }
    interview = services().portal.interviews.interview(candidate["id"], 1)
    assert interview.consent_at is not None
    # The same choice again adds no line; purposes are never bundled into one flag.
    session_of(portal, token, recording=True)
    assert len(lines(candidate["id"])) == 2
    status, body = portal.call(
        "POST", f"/api/interview/{token}/verify", {"phone": PHONE, "consents": {"all": True}}
    )
    assert status == 422
    status, body = portal.call(
        "PUT", f"/api/interview/{token}/consents/talent_pool", {"given": True}, session=session
    )
    assert status == 422 and body["code"] == "consent_not_asked"


def test_withdrawing_recording_mid_interview_deletes_every_version(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = session_of(portal, token, recording=True, ai_analysis=True)
    s3, bucket = aws.client("s3"), settings().media_bucket
    key = uploaded_answer(s3, bucket, candidate["id"], "intro", b"first")
    s3.put_object(Bucket=bucket, Key=key, Body=b"a second version")
    services().portal.record_answer(key)
    prefix = f"answers/{candidate['id']}/"
    assert len(s3.list_object_versions(Bucket=bucket, Prefix=prefix)["Versions"]) == 2

    status, view = portal.call(
        "PUT", f"/api/interview/{token}/consents/recording", {"given": False}, session=session
    )
    assert status == 200 and view["recordings_deleted"] == 2
    listed = s3.list_object_versions(Bucket=bucket, Prefix=prefix)
    assert listed.get("Versions", []) == [] and listed.get("DeleteMarkers", []) == []
    interview = services().portal.interviews.interview(candidate["id"], 1)
    assert all(a.media_key is None for a in interview.answers.values())
    stored = hr.get(f"/api/candidates/{candidate['id']}", "shanghai.hr").json
    assert stored["status"] == "alternative_requested"
    assert stored["status_reason_code"] == "recording_consent_withdrawn"
    # No more recording: the next upload is refused, a late object is deleted on arrival.
    status, body = portal.call(
        "POST", f"/api/interview/{token}/answers/intro/upload", {}, session=session
    )
    assert status == 409 and body["code"] == "recording_consent_missing"
    s3.put_object(Bucket=bucket, Key=key, Body=b"late")
    assert services().portal.record_answer(key) is False
    assert s3.list_object_versions(Bucket=bucket, Prefix=prefix).get("Versions", []) == []
    found = lines(candidate["id"])
    assert [(e.purpose, e.given) for e in found if e.purpose == "recording"] == [
        ("recording", True),
        ("recording", False),
    ]


def test_withdrawing_after_completion_leaves_review_to_people(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = session_of(portal, token, recording=True, ai_analysis=True)
    done = datetime.now(UTC)
    services().portal.interviews.change(
        candidate["id"], 1, lambda i: i.model_copy(update={"completed_at": done})
    )
    status, view = portal.call(
        "PUT", f"/api/interview/{token}/consents/recording", {"given": False}, session=session
    )
    assert status == 200 and view["interview"] == "completed"
    stored = services().portal.candidates.get(candidate["id"])
    assert stored.ai_dropped_code == "recording_consent_withdrawn" and stored.ai_dropped_in(1)


def test_withdrawing_ai_analysis_is_a_line_and_an_event(hr, portal, monkeypatch):
    published = []
    from hireflow.privacy import consent

    original = consent.ConsentChanged.of
    monkeypatch.setattr(
        consent.ConsentChanged, "of", staticmethod(lambda e: published.append(e) or original(e))
    )
    candidate, token = invited(hr, "王芳", PHONE)
    session = session_of(portal, token, recording=True, ai_analysis=True)
    status, view = portal.call(
        "PUT", f"/api/interview/{token}/consents/ai_analysis", {"given": False}, session=session
    )
    assert status == 200
    state = {p["purpose"]: p["state"] for p in view["purposes"]}
    assert state["ai_analysis"]["given"] is False and state["recording"]["given"] is True
    assert [(e.purpose, e.given) for e in published][-1] == ("ai_analysis", False)
    assert not services().portal.consents.given(candidate["id"], "ai_analysis")


def test_notices_are_versioned_and_only_hq_changes_them(hr, portal):
    path = "/api/privacy/jurisdictions/cn-mainland/notices"
    assert hr.post(path, "shanghai.hr", NOTICE).status == 403
    assert hr.put("/api/privacy/branches/shanghai", "shanghai.hr",
                  {"jurisdiction_id": "us-ny"}).status == 403  # fmt: skip
    # Branch HR read their own branch's jurisdiction only.
    mine = hr.get("/api/privacy/jurisdictions", "shanghai.hr").json
    assert [j["id"] for j in mine] == ["cn-mainland"] and "shanghai" in mine[0]["branches"]
    assert hr.get("/api/privacy/jurisdictions/us-ny", "shanghai.hr").status == 404

    candidate, token = invited(hr, "Li Lei", PHONE)
    session_of(portal, token, recording=True)
    published = hr.post(path, "hq.hr", NOTICE)
    assert published.status == 201 and published.json["version"] == 2
    versions = hr.get(path, "hq.hr").json
    assert [v["version"] for v in versions] == [2, 1]
    assert (
        versions[1]["purposes"]["recording"]
        == DEFAULT_NOTICES["cn-mainland"].purposes["recording"].model_dump()
    )
    # The earlier line still points at version 1 and its words; a new one reads version 2.
    other, other_token = invited(hr, "Han Mei", "13800138001")
    portal.call("POST", f"/api/interview/{other_token}/verify",
                {"phone": "13800138001", "consents": {"recording": True}})  # fmt: skip
    (old,) = lines(candidate["id"])
    (new,) = lines(other["id"])
    assert (old.notice_version, new.notice_version) == (1, 2)
    assert old.text != new.text and new.text == "v2: recording"
    # A version must carry every purpose's text in both languages.
    partial = {**NOTICE, "purposes": {"recording": NOTICE["purposes"]["recording"]}}
    refused = hr.post(path, "hq.hr", partial)
    assert refused.status == 422 and refused.json["code"] == "notice_purpose_missing"


def test_texts_exist_in_chinese_and_english():
    for jid, notice in DEFAULT_NOTICES.items():
        assert "emotion" in notice.general.en and "情绪" in notice.general.zh, jid
        for text in [notice.general, *notice.purposes.values()]:
            assert text.en.strip() and any("\u4e00" <= c <= "\u9fff" for c in text.zh), jid


def test_business_days_skip_weekends():
    friday = datetime(2026, 3, 6, 9, tzinfo=UTC)
    assert opens_at(friday, 0) == friday
    assert opens_at(friday, 1) == friday + timedelta(days=3)  # Monday
    assert opens_at(friday, 10) == friday + timedelta(days=14)


def test_minimum_notice_keeps_the_interview_closed_until_it_opens(hr, portal, monkeypatch):
    assert hr.put("/api/privacy/branches/shanghai", "hq.admin",
                  {"jurisdiction_id": "us-ny"}).status == 200  # fmt: skip
    # HR's invitation: the deadline HR chose counts from the opening.
    started = {}
    lifecycle = type(services().interviews.lifecycle)
    monkeypatch.setattr(lifecycle, "start", lambda _, name, payload: started.update(payload))
    waiting = english_candidate(hr, "Jane Roe", "13800138009")
    asked = datetime.now(UTC) + timedelta(days=3)
    hr.post(f"/api/candidates/{waiting['id']}/invite", "shanghai.hr",
            {"deadline": asked.isoformat()})  # fmt: skip
    moved = datetime.fromisoformat(started["deadline"]) - asked
    assert timedelta(days=13, hours=23) < moved <= timedelta(days=16)

    candidate, token = invited(hr, "John Smith", PHONE)
    interview = services().portal.interviews.interview(candidate["id"], 1)
    opening = opens_at(interview.invited_at, 10)
    status, body = portal.call("GET", f"/api/interview/{token}")
    assert status == 200 and body["opens_at"] and body["notice"]["jurisdiction_id"] == "us-ny"
    assert "Local Law 144" in body["notice"]["general"]
    status, body = portal.call(
        "POST", f"/api/interview/{token}/verify", {"phone": PHONE, "consents": {}}
    )
    assert status == 409 and body["code"] == "interview_not_open_yet"
    assert datetime.fromisoformat(body["params"]["opens_at"]) == opening

    # Ten business days later (the invitation moved back in time): it opens.
    earlier = interview.invited_at - (opening - interview.invited_at) - timedelta(minutes=1)
    services().portal.interviews.change(
        candidate["id"], 1, lambda i: i.model_copy(update={"invited_at": earlier})
    )
    assert portal.call("GET", f"/api/interview/{token}")[1]["opens_at"] is None
    session_of(portal, token, recording=True)


def test_a_branch_without_notice_period_opens_at_once(hr, portal):
    _, token = invited(hr, "Li Lei", PHONE)  # Shanghai: mainland China, no notice
    status, body = portal.call("GET", f"/api/interview/{token}")
    assert (
        status == 200
        and body["opens_at"] is None
        and body["notice"]["jurisdiction_id"] == "cn-mainland"
    )
    session_of(portal, token)


@pytest.mark.parametrize(
    ("jurisdiction", "phone", "says_when"),
    [("us-ny", "13800138011", True), ("cn-mainland", "13800138012", False)],
)
def test_the_invitation_says_when_the_interview_opens_under_a_notice_period(
    hr, jurisdiction, phone, says_when
):
    assert hr.put("/api/privacy/branches/shanghai", "hq.admin",
                  {"jurisdiction_id": jurisdiction}).status == 200  # fmt: skip
    candidate, _ = invited(hr, "Jane Roe", phone)
    sent = {m["channel"]: m["body"] for m in hr.outbox(candidate["email"])}
    sent.update({m["channel"]: m["body"] for m in hr.outbox(candidate["phone"])})
    interview = services().portal.interviews.interview(candidate["id"], 1)
    shown = opens_at(interview.invited_at, 10).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
    for channel in ("email", "sms"):
        assert ("The interview opens on" in sent[channel]) is says_when, sent[channel]
        assert (shown in sent[channel]) is says_when
        assert "opens on ," not in sent[channel] and "{" not in sent[channel]


def test_a_pool_consent_is_a_ledger_line_the_portal_shows_but_does_not_change(hr, portal):
    candidate, token = invited(hr, "Li Lei", PHONE)
    session = session_of(portal, token, recording=True)
    status, _ = portal.call(
        "PUT", f"/api/interview/{token}/pool-consent", {"given": True}, session=session
    )
    assert status == 200
    portal.call("PUT", f"/api/interview/{token}/pool-consent", {"given": True}, session=session)
    portal.call("PUT", f"/api/interview/{token}/pool-consent", {"given": False}, session=session)
    pool = [e for e in lines(candidate["id"]) if e.purpose == "talent_pool"]
    assert [e.given for e in pool] == [True, False]  # the same choice again: no line
    assert pool[0].text == consent_text(365)["en"]  # the words the toggle showed
    assert (pool[0].notice_jurisdiction, pool[0].notice_version, pool[0].channel) == (
        "cn-mainland", 1, "portal",
    )  # fmt: skip
    _, view = portal.call("GET", f"/api/interview/{token}/consents", session=session)
    shown = {p["purpose"]: p for p in view["purposes"]}
    assert shown["talent_pool"]["state"]["given"] is False and shown["talent_pool"]["withdrawn"]
    assert shown["talent_pool"]["changeable"] is False and shown["recording"]["changeable"]
    assert shown["talent_pool"]["agreed"] == consent_text(365)["en"]
    status, body = portal.call(
        "PUT", f"/api/interview/{token}/consents/talent_pool", {"given": True}, session=session
    )
    assert status == 422 and body["code"] == "consent_not_asked"


def test_a_persons_consents_and_data_requests_answer_only_their_own_link_and_session(hr, portal):
    """The portal's privacy routes are the person's own: another candidate's session does
    not open them on this link, and a request id of someone else's is not found."""
    _, mine = invited(hr, "Li Lei", PHONE)
    _, theirs = invited(hr, "Han Meimei", "13800138111")
    my_session = session_of(portal, mine, recording=True)
    status, body = portal.call(
        "POST", f"/api/interview/{mine}/privacy-requests", {"kind": "export"}, session=my_session
    )
    assert status == 202, body
    request_id = body["id"]
    for method, path, payload in (
        ("GET", f"/api/interview/{theirs}/consents", None),
        ("PUT", f"/api/interview/{theirs}/consents/ai_analysis", {"given": False}),
        ("GET", f"/api/interview/{theirs}/privacy-requests", None),
        ("POST", f"/api/interview/{theirs}/privacy-requests", {"kind": "erasure"}),
        ("GET", f"/api/interview/{theirs}/privacy-requests/{request_id}/download", None),
    ):
        status, _ = portal.call(method, path, payload, session=my_session)
        assert 400 <= status < 500, (method, path, status)
    status, listed = portal.call(
        "GET", f"/api/interview/{mine}/privacy-requests", session=my_session
    )
    assert status == 200 and [r["id"] for r in listed] == [request_id]
