import pytest

from hireflow.applications import Application, ApplicationRepository, ApplicationStatus
from hireflow.organisation import Branch, OrganisationRepository
from hireflow.store import AlreadyExists, BadCursor, Repository


def test_create_refuses_a_second_item_with_the_same_key(table):
    branches = Repository(Branch)
    branches.create(Branch(id="shanghai", name="Shanghai"))
    with pytest.raises(AlreadyExists):
        branches.create(Branch(id="shanghai", name="Other"))
    assert OrganisationRepository().get_branch("shanghai").name == "Shanghai"


def test_query_pages_with_an_opaque_cursor_until_done(table):
    branches = Repository(Branch)
    for i in range(5):
        branches.put(Branch(id=f"b{i}", name=f"Branch {i}"))
    first = branches.query("ORG", "BRANCH#", limit=2)
    assert [b.id for b in first.items] == ["b0", "b1"]
    seen = [b.id for b in first.items]
    cursor = first.cursor
    while cursor:
        page = branches.query("ORG", "BRANCH#", limit=2, cursor=cursor)
        seen += [b.id for b in page.items]
        cursor = page.cursor
    assert seen == [f"b{i}" for i in range(5)]


def test_a_cursor_that_was_not_issued_is_rejected(table):
    with pytest.raises(BadCursor):
        Repository(Branch).query("ORG", "BRANCH#", cursor="not-a-cursor")


def test_gsi_query_finds_applications_of_a_branch_by_status(table):
    repo = ApplicationRepository()
    for i, branch in enumerate(["shanghai", "shanghai", "shenzhen"]):
        repo.applications.create(
            Application(id=f"a{i}", candidate_id=f"c{i}", branch_id=branch, position_id="p")
        )
    repo.move(repo.require("a1"), ApplicationStatus.OPENED, actor="test")
    imported = repo.applications.query(
        "BRANCH#shanghai#APPLICATIONS", "imported#", index="gsi1"
    ).items
    assert [a.id for a in imported] == ["a0"]
    opened = repo.applications.query("BRANCH#shanghai#APPLICATIONS", "opened#", index="gsi1").items
    assert [a.id for a in opened] == ["a1"]
