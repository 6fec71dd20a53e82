"""HQ's switch of AI scoring per branch and per position (docs/privacy.md)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from hireflow.api.context import current_caller
from hireflow.bootstrap import services
from hireflow.privacy.model import BranchPrivacy, PositionAiSwitch
from hireflow.privacy.switches import AiSwitchChange, AiSwitchOverview

router = Router()


@router.get(
    "/api/privacy/ai-switch",
    summary="AI scoring switches: HQ every branch and switched position, branch HR their own",
)
def overview() -> AiSwitchOverview:
    return services().ai_switches.overview(current_caller(router))


@router.put(
    "/api/privacy/ai-switch/branches/<branch_id>",
    summary="HQ switches AI scoring off (with a reason) or on for a branch's new answers",
)
def switch_branch(branch_id: str, change: AiSwitchChange) -> BranchPrivacy:
    return services().ai_switches.switch_branch(current_caller(router), branch_id, change)


@router.put(
    "/api/privacy/ai-switch/positions/<position_id>",
    summary="HQ switches AI scoring off (with a reason) or on for a position's new answers",
)
def switch_position(position_id: str, change: AiSwitchChange) -> PositionAiSwitch:
    return services().ai_switches.switch_position(current_caller(router), position_id, change)
