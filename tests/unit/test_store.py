import pytest

from hireflow.organisation.model import Branch, OrganisationRepository
from hireflow.platform.store import AlreadyExists, BadCursor, Repository, RevisionConflict, field
from hireflow.recruiting.model import Candidate, CandidateRepository, CandidateStatus


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


def candidate(i: int, branch: str) -> Candidate:
    return Candidate(
        id=f"c{i}",
        name=f"Candidate {i}",
        phone=f"+861380013800{i}",
        email=f"c{i}@example.com",
        branch_id=branch,
        position_id="p",
    )


def test_gsi_query_with_a_filter_fills_the_page(table):
    repo = Repository(Candidate)
    for i, branch in enumerate(["shanghai"] * 6 + ["shenzhen"]):
        repo.create(candidate(i, branch))
    for invited in ("c1", "c4"):
        repo.save(CandidateRepository().get(invited).moved(CandidateStatus.INVITED))
    page = repo.query(
        "BRANCH#shanghai#CANDIDATES",
        index="gsi1",
        limit=2,
        filter_by=field("status") == "invited",
    )
    assert sorted(c.id for c in page.items) == ["c1", "c4"]
    everyone = repo.query("CANDIDATES", index="gsi2", limit=50)
    assert len(everyone.items) == 7


def test_save_refuses_a_stale_revision(table):
    repo = Repository(Branch)
    created = repo.create(Branch(id="b", name="B"))
    assert created.revision == 1
    saved = repo.save(created.model_copy(update={"name": "B2"}))
    assert saved.revision == 2
    with pytest.raises(RevisionConflict):
        repo.save(created.model_copy(update={"name": "lost update"}))
    assert repo.get("ORG", "BRANCH#b").name == "B2"
