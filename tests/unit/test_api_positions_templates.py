"""Positions, interview templates (versioned) and notification texts."""

import copy

from infra.localcloud.demo import TEMPLATE

MODEL = {
    "dimensions": [
        {"key": "communication", "name": "Communication", "weight": 0.5},
        {"key": "sales", "name": "Sales", "weight": 0.5},
    ]
}


def test_branch_hr_creates_a_position_in_its_own_branch_only(hr):
    created = hr.post(
        "/api/positions",
        "shanghai.hr",
        {"branch_id": "shanghai", "title": "Cashier", "competency_model": MODEL},
    )
    assert created.status == 201, created
    assert created.json["score_weights"] == {"ai": 0.4, "human": 0.6}
    elsewhere = hr.post(
        "/api/positions",
        "shanghai.hr",
        {"branch_id": "shenzhen", "title": "Cashier", "competency_model": MODEL},
    )
    assert elsewhere.status == 403
    titles = {p["title"] for p in hr.get("/api/positions", "shanghai.hr").json}
    assert titles == {"Cashier", "Customer Service Associate"}
    assert len(hr.get("/api/positions", "hq.hr").json) == 3


def test_competency_weights_must_sum_to_one(hr):
    bad = copy.deepcopy(MODEL)
    bad["dimensions"][0]["weight"] = 0.7
    reply = hr.post(
        "/api/positions",
        "hq.hr",
        {"branch_id": "shanghai", "title": "X", "competency_model": bad},
    )
    assert reply.status == 422
    assert "sum to 1" in reply.json["errors"][0]["message"]
    weights = hr.post(
        "/api/positions",
        "hq.hr",
        {
            "branch_id": "shanghai",
            "title": "X",
            "competency_model": MODEL,
            "score_weights": {"ai": 0.5, "human": 0.6},
        },
    )
    assert weights.status == 422


def test_editing_a_position_with_a_stale_revision_is_a_conflict(hr):
    position = hr.get("/api/positions/shanghai-customer-service", "shanghai.hr").json
    first = hr.patch(
        "/api/positions/shanghai-customer-service",
        "shanghai.hr",
        {"score_weights": {"ai": 0.3, "human": 0.7}, "revision": position["revision"]},
    )
    assert first.status == 200
    assert first.json["score_weights"] == {"ai": 0.3, "human": 0.7}
    second = hr.patch(
        "/api/positions/shanghai-customer-service",
        "shanghai.hr",
        {"open": False, "revision": position["revision"]},
    )
    assert second.status == 409
    unknown_template = hr.patch(
        "/api/positions/shanghai-customer-service", "shanghai.hr", {"template_id": "nope"}
    )
    assert unknown_template.status == 422


def template_body(**changes):
    body = TEMPLATE.model_dump(
        mode="json", exclude={"revision", "version", "created_at", "created_by"}
    )
    body.update(changes)
    return body


def test_hq_creates_a_template_and_new_versions_keep_old_ones_readable(hr):
    created = hr.post("/api/templates", "hq.hr", template_body(id="sales-floor"))
    assert created.status == 201, created
    assert created.json["version"] == 1
    edit = template_body(name={"en": "Sales floor v2", "zh": "销售 v2"}, base_version=1)
    v2 = hr.put("/api/templates/sales-floor", "hq.hr", edit)
    assert v2.status == 200 and v2.json["version"] == 2
    again = hr.put("/api/templates/sales-floor", "hq.admin", edit)
    assert again.status == 409
    assert "version 2" in again.json["message"]
    versions = hr.get("/api/templates/sales-floor/versions", "shanghai.hr").json
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["questions"] == 3
    old = hr.get("/api/templates/sales-floor/versions/1", "shanghai.interviewer").json
    assert old["name"]["en"] == "Customer-facing roles"
    assert (
        hr.get("/api/templates/sales-floor", "shanghai.hr").json["name"]["en"] == "Sales floor v2"
    )


def test_only_hq_edits_templates_and_bad_templates_are_explained(hr):
    assert hr.post("/api/templates", "shanghai.hr", template_body(id="mine")).status == 403
    body = template_body(id="broken", dimension_weights={"communication": 1.0})
    reply = hr.post("/api/templates", "hq.hr", body)
    assert reply.status == 422
    assert "unknown dimensions" in reply.json["errors"][0]["message"]
    assert hr.get("/api/templates/nope", "hq.hr").status == 404


def test_notification_texts_have_defaults_and_reject_unknown_placeholders(hr):
    texts = {t["id"]: t for t in hr.get("/api/notification-templates", "shanghai.hr").json}
    assert "invitation-email-zh" in texts
    bad = hr.put(
        "/api/notification-templates/invitation-sms-en",
        "hq.hr",
        {"body": "Hi {candidate_name}, your salary is {salary}"},
    )
    assert bad.status == 422
    assert "{salary}" in bad.json["errors"][0]["message"]
    good = hr.put(
        "/api/notification-templates/invitation-sms-en",
        "hq.hr",
        {"body": "Hi {candidate_name}: {interview_link} (by {deadline})"},
    )
    assert good.status == 200, good
    assert (
        hr.get("/api/notification-templates/invitation-sms-en", "hq.hr")
        .json["body"]
        .startswith("Hi")
    )
    assert (
        hr.put("/api/notification-templates/invitation-sms-en", "shanghai.hr", {"body": "x"}).status
        == 403
    )


def test_creating_a_text_for_an_event_and_locale(hr):
    reply = hr.post(
        "/api/notification-templates",
        "hq.admin",
        {
            "id": "ignored",
            "event": "rejection",
            "channel": "email",
            "locale": "en",
            "subject": "Your application for {position}",
            "body": "Dear {candidate_name}, thank you. {feedback}",
        },
    )
    assert reply.status == 201, reply
    assert reply.json["id"] == "rejection-email-en"
    no_subject = hr.post(
        "/api/notification-templates",
        "hq.admin",
        {"id": "x", "event": "rejection", "channel": "email", "locale": "zh", "body": "b"},
    )
    assert no_subject.status == 422
