"""Branches, users and the audit trail through the HR API handler."""


def test_hq_sees_every_branch_and_a_branch_user_only_its_own(hr):
    assert {b["id"] for b in hr.get("/api/branches", "hq.hr").json} == {
        "hq",
        "shanghai",
        "shenzhen",
    }
    assert [b["name_zh"] for b in hr.get("/api/branches", "shenzhen.hr").json] == ["深圳"]
    assert hr.get("/api/branches/shenzhen", "shenzhen.hr").json["name"] == "Shenzhen"


def test_hq_admin_creates_and_renames_a_branch_with_an_audit_entry(hr):
    created = hr.post(
        "/api/branches", "hq.admin", {"id": "beijing", "name": "Beijing", "name_zh": "北京"}
    )
    assert created.status == 201
    assert created.json["revision"] == 1
    renamed = hr.patch("/api/branches/beijing", "hq.admin", {"city": "Beijing", "revision": 1})
    assert renamed.status == 200 and renamed.json["revision"] == 2
    stale = hr.patch("/api/branches/beijing", "hq.admin", {"city": "Peking", "revision": 1})
    assert stale.status == 409
    assert "changed by someone else" in stale.json["message"]
    audit = hr.get("/api/audit", "hq.admin", query={"branch_id": "beijing"}).json["items"]
    assert [e["action"] for e in audit] == ["branch.update", "branch.create"]
    assert audit[0]["before"] == {"city": None} and audit[0]["after"] == {"city": "Beijing"}
    assert audit[0]["actor"] == "hq.admin"


def test_only_hq_admin_manages_branches(hr):
    reply = hr.post("/api/branches", "hq.hr", {"id": "x", "name": "X"})
    assert reply.status == 403
    assert "hq_admin" in reply.json["message"]
    assert hr.patch("/api/branches/shanghai", "shanghai.hr", {"name": "Mine"}).status == 403


def test_a_duplicate_or_invalid_branch_is_refused_with_reasons(hr):
    assert hr.post("/api/branches", "hq.admin", {"id": "shanghai", "name": "Again"}).status == 409
    invalid = hr.post("/api/branches", "hq.admin", {"id": "Not Valid!", "name": ""})
    assert invalid.status == 422
    assert {e["field"] for e in invalid.json["errors"]} == {"id", "name"}


def test_hq_admin_creates_a_user_in_cognito_with_role_and_branch(hr):
    reply = hr.post(
        "/api/users",
        "hq.admin",
        {
            "username": "shenzhen.interviewer",
            "email": "SZ.Interviewer@Example.com",
            "display_name": "Shenzhen Interviewer",
            "role": "interviewer",
            "branch_id": "shenzhen",
        },
    )
    assert reply.status == 201, reply
    assert reply.json["email"] == "sz.interviewer@example.com"
    claims = hr.claims("shenzhen.interviewer")
    assert claims["cognito:groups"] == "interviewer"
    assert claims["custom:branch_id"] == "shenzhen"
    assert claims["sub"] == reply.json["user_id"]
    listed = hr.get("/api/users", "shenzhen.hr").json
    assert "shenzhen.interviewer" in {u["username"] for u in listed}
    assert {u["branch_id"] for u in listed} == {"shenzhen"}


def test_user_creation_checks_role_branch_and_username(hr):
    base = {"email": "a@example.com", "display_name": "A", "role": "hq_hr"}
    wrong_branch = hr.post(
        "/api/users", "hq.admin", {**base, "username": "aa.bb", "branch_id": "shanghai"}
    )
    assert wrong_branch.status == 422
    taken = hr.post("/api/users", "hq.admin", {**base, "username": "hq.hr", "branch_id": "hq"})
    assert taken.status == 409
    assert (
        hr.post("/api/users", "hq.hr", {**base, "username": "cc.dd", "branch_id": "hq"}).status
        == 403
    )


def test_interviewers_cannot_list_users_or_read_the_audit(hr):
    assert hr.get("/api/users", "shanghai.interviewer").status == 403
    assert hr.get("/api/audit", "shanghai.interviewer").status == 403
    assert hr.get("/api/users", "shanghai.hr", query={"branch_id": "shenzhen"}).status == 403


def test_audit_month_must_be_a_month(hr):
    reply = hr.get("/api/audit", "hq.hr", query={"month": "last week"})
    assert reply.status == 422
