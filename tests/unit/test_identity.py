import pytest

from hireflow.identity.model import NoRole, NotAuthenticated, Role, caller_from_claims

BASE = {"sub": "u-1", "cognito:username": "shanghai.hr", "custom:branch_id": "shanghai"}


@pytest.mark.parametrize(
    "groups",
    ["branch_hr,interviewer", "[branch_hr interviewer]", ["interviewer", "branch_hr"]],
)
def test_groups_in_every_authorizer_format_give_the_same_roles(groups):
    caller = caller_from_claims({**BASE, "cognito:groups": groups})
    assert caller.roles == (Role.BRANCH_HR, Role.INTERVIEWER)
    assert caller.role is Role.BRANCH_HR


def test_branch_user_sees_only_its_branch_and_hq_sees_all():
    branch_user = caller_from_claims({**BASE, "cognito:groups": "branch_hr"})
    hq_user = caller_from_claims({**BASE, "cognito:groups": "hq_hr", "custom:branch_id": "hq"})
    assert branch_user.can_see_branch("shanghai")
    assert not branch_user.can_see_branch("shenzhen")
    assert hq_user.is_hq and hq_user.can_see_branch("shenzhen")


def test_no_claims_is_unauthenticated():
    with pytest.raises(NotAuthenticated):
        caller_from_claims(None)
    with pytest.raises(NotAuthenticated):
        caller_from_claims({"cognito:groups": "hq_hr"})


def test_unknown_groups_or_missing_branch_are_refused():
    with pytest.raises(NoRole):
        caller_from_claims({**BASE, "cognito:groups": "admins"})
    with pytest.raises(NoRole):
        caller_from_claims({"sub": "u-1", "cognito:groups": "branch_hr"})
