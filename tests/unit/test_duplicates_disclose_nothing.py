"""A duplicate phone or e-mail for the same position, or a taken position id, is refused
with a 409 that never names another branch's candidate or position. Another branch's
phone or e-mail is no refusal at all (one person may apply to several branches: the pair
goes to HR, tests/unit/test_duplicates.py): created, and the reply says nothing of the
other application."""

from __future__ import annotations

import pytest

from tests.support.builders import english_candidate

SHENZHEN_POSITION = "shenzhen-store-supervisor"


@pytest.fixture
def taken(hr):
    """One candidate in Shanghai (the caller's branch) and one in Shenzhen."""
    return {
        "own": english_candidate(hr, "Own Branch Olga", "13900000001", "own@example.com"),
        "other": english_candidate(
            hr,
            "Other Branch Otto",
            "13900000002",
            "other@example.com",
            as_user="shenzhen.hr",
            branch_id="shenzhen",
            position_id=SHENZHEN_POSITION,
        ),
    }


def assert_same_and_silent(hr, own, other, taken):
    assert own.status == other.status == 409, (own, other)
    assert own.json == other.json
    assert_silent(other, taken)


def assert_silent(reply, taken):
    for leak in (taken["other"]["id"], taken["other"]["name"], "shenzhen", "Shenzhen"):
        assert leak not in reply.text


def assert_refused_or_allowed_silently(own, other, taken):
    """The same position's contact is refused; another branch's is allowed, silently."""
    assert own.status == 409 and own.json["code"] == "duplicate_candidate", own
    assert other.status in (200, 201), other
    assert_silent(own, taken)
    assert_silent(other, taken)


@pytest.mark.parametrize("field", ["phone", "email"])
def test_adding_a_candidate_with_a_taken_contact(hr, taken, field):
    def add(owner):
        body = {"phone": "13900000009", "email": "fresh@example.com"}
        body[field] = taken[owner][field]
        return hr.post(
            "/api/candidates",
            "shanghai.hr",
            {
                "name": "New Nina",
                "branch_id": "shanghai",
                "position_id": "shanghai-customer-service",
                **body,
            },
        )

    assert_refused_or_allowed_silently(add("own"), add("other"), taken)


@pytest.mark.parametrize("field", ["phone", "email"])
def test_changing_a_contact_to_a_taken_one(hr, taken, field):
    editing = english_candidate(hr, "Edited Ed", "13900000003", "ed@example.com")
    own = hr.patch(f"/api/candidates/{editing['id']}", "shanghai.hr", {field: taken["own"][field]})
    other = hr.patch(
        f"/api/candidates/{editing['id']}", "shanghai.hr", {field: taken["other"][field]}
    )
    assert_refused_or_allowed_silently(own, other, taken)


def test_creating_a_position_with_a_taken_id(hr, taken):
    model = hr.get("/api/positions/shanghai-customer-service", "shanghai.hr").json

    def create(position_id):
        return hr.post(
            "/api/positions",
            "shanghai.hr",
            {
                "id": position_id,
                "branch_id": "shanghai",
                "title": "Cashier",
                "competency_model": model["competency_model"],
            },
        )

    other_id = "shenzhen-cashier"
    made = hr.post(
        "/api/positions",
        "shenzhen.hr",
        {
            "id": other_id,
            "branch_id": "shenzhen",
            "title": "Secret Shenzhen Title",
            "competency_model": model["competency_model"],
        },
    )
    assert made.status == 201
    own, other = create("shanghai-customer-service"), create(other_id)
    assert own.status == other.status == 409
    assert (
        own.json["message"].replace("shanghai-customer-service", other_id) == other.json["message"]
    )
    assert "Secret Shenzhen Title" not in other.text
