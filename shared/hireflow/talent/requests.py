"""A candidate's requests about a decision (docs/talent.md "Candidate feedback"): a human
review of it, or an explanation of the AI's role. One open request of each kind at a
time. A human review tells the branch's HR; an explanation is answered at once, on the
page and by e-mail (what was scored and how it was weighed, what the AI analysed and did
not, and that a person decided - by role, not by name), and stays open for HR to add
their own answer. HR answer from the Candidate requests page; the answer is e-mailed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from hireflow.audit.service import audited_write
from hireflow.identity.model import Caller, Role
from hireflow.identity.permissions import Capability, list_scope, require
from hireflow.interviews.model import InterviewRepository
from hireflow.interviews.portal import Portal
from hireflow.notifications.model import NotificationEvent
from hireflow.organisation.model import OrganisationRepository, UserProfile
from hireflow.platform.errors import Conflict, NotFound
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory
from hireflow.recruiting.model import Candidate, PositionRepository
from hireflow.recruiting.notices import Notices
from hireflow.recruiting.service import CandidateService
from hireflow.reviews.model import ReviewRepository
from hireflow.talent.model import CandidateRequest, CandidateRequestRepository, RequestKind

KIND_NAMES = {
    "en": {"human_review": "a human review", "explanation": "an explanation of the AI's role"},
    "zh": {"human_review": "人工复核", "explanation": "了解 AI 的作用"},
}
ROLE_NAMES = {
    "en": {
        "hq_admin": "an HQ administrator",
        "hq_hr": "HQ's HR",
        "branch_hr": "the branch's HR",
        "hiring_manager": "the hiring manager",
    },
    "zh": {
        "hq_admin": "总部管理员",
        "hq_hr": "总部人力资源",
        "branch_hr": "分支机构人力资源",
        "hiring_manager": "用人经理",
    },
}
EXPLANATION = {
    "en": {
        "scored": "What was scored: {dimensions}.",
        "weights": "How it was weighed: the AI's analysis counts {ai} % and the reviewers' "
        "scores {human} %.",
        "ai_dropped": "The AI's analysis was not used for your application: the reviewers' "
        "scores alone counted.",
        "ai": "What the AI did: it analysed the transcript of your recorded answers, how you "
        "delivered them (pace, pauses, clarity) and your presence on camera, and proposed "
        "scores for the reviewers. No emotion or face recognition decides anything.",
        "decided": "A person made the decision: {role}, on {date}.",
        "pending": "No decision has been made yet; a person will make it.",
    },
    "zh": {
        "scored": "评估的内容：{dimensions}。",
        "weights": "权重：AI 分析占 {ai}%，评审人员评分占 {human}%。",
        "ai_dropped": "您的申请未使用 AI 分析：仅以评审人员的评分为准。",
        "ai": "AI 的作用：AI 分析了您录制回答的文字转写、表达方式（语速、停顿、清晰度）"
        "以及镜头前的表现，并为评审人员提供参考分数。情绪识别或人脸识别不会决定任何事项。",
        "decided": "决定由人作出：{role}，于 {date}。",
        "pending": "目前尚未作出决定；决定将由人作出。",
    },
}


class RequestInput(BaseModel):
    kind: RequestKind
    message: str = Field(default="", max_length=2000)


class AnswerInput(BaseModel):
    answer: str = Field(min_length=1, max_length=4000)


class ScoredDimension(BaseModel):
    key: str
    name: str
    weight: float


class Explanation(BaseModel):
    dimensions: list[ScoredDimension]
    ai_weight: float
    human_weight: float
    ai_dropped: bool
    decided_by_role: str | None
    decided_at: datetime | None
    text: str


class RequestMade(BaseModel):
    id: str
    kind: RequestKind
    status: str
    at: datetime
    explanation: Explanation | None = None


class RequestListItem(BaseModel):
    """A request as HR list it: the candidate named, their message and the answer."""

    id: str
    candidate_id: str
    candidate_name: str
    branch_id: str
    kind: RequestKind
    message: str
    at: datetime
    status: Literal["open", "answered"]
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None

    @classmethod
    def of(cls, request: CandidateRequest, name: str) -> RequestListItem:
        return cls(candidate_name=name, **request.model_dump(exclude={"revision"}))


@dataclass(frozen=True)
class CandidateRequests:
    candidates: CandidateService
    positions: PositionRepository
    reviews: ReviewRepository
    interviews: InterviewRepository
    organisation: OrganisationRepository
    portal: Portal
    requests: CandidateRequestRepository
    notices: Notices
    uow: UnitOfWorkFactory

    # -------------------------------------------------------------- the candidate
    def ask(self, token: str, session: str, asked: RequestInput) -> RequestMade:
        candidate = self.portal.verified(token, session)
        interview = self.interviews.interview(candidate.id, candidate.round)
        if interview is None or interview.completed_at is None:
            raise Conflict(
                "requests about a decision open once the interview is complete",
                code="request_before_completion",
            )
        if any(r.kind == asked.kind and r.status == "open" for r in self.requests.of(candidate.id)):
            raise Conflict(
                "you already have an open request of this kind; we will answer it",
                code="request_already_open",
                params={"kind": asked.kind},
            )
        request = CandidateRequest(
            candidate_id=candidate.id,
            branch_id=candidate.branch_id,
            kind=asked.kind,
            message=asked.message.strip(),
        )
        explanation = self.explain(candidate) if asked.kind == "explanation" else None
        with self.uow() as uow:
            uow.create(request)
            effect = f"request:{request.id}"
            if explanation:
                self.notices.file(
                    uow,
                    candidate,
                    effect,
                    self._to_candidate_by_email(
                        candidate, NotificationEvent.EXPLANATION, explanation=explanation.text
                    ),
                )
            else:
                self.notices.file(uow, candidate, effect, self._to_branch_hr(candidate, request))
            uow.commit()
        return RequestMade(
            id=request.id,
            kind=request.kind,
            status=request.status,
            at=request.at,
            explanation=explanation,
        )

    def explain(self, candidate: Candidate) -> Explanation:
        locale = candidate.locale
        words = EXPLANATION[locale]
        position = self.positions.get(candidate.position_id)
        dimensions = [
            ScoredDimension(
                key=d.key,
                name=(d.name_zh or d.name) if locale == "zh" else d.name,
                weight=d.weight,
            )
            for d in (position.competency_model.dimensions if position else [])
        ]
        dropped = bool(candidate.ai_dropped_in(candidate.round))
        ai, human = (
            (0.0, 1.0)
            if dropped
            else (
                (position.score_weights.ai, position.score_weights.human)
                if position
                else (0.4, 0.6)
            )
        )
        decision = self.reviews.decisions(candidate.id).get(candidate.round)
        separator = "；" if locale == "zh" else "; "
        listed = separator.join(f"{d.name} ({round(d.weight * 100)} %)" for d in dimensions)
        lines = [words["scored"].format(dimensions=listed)]
        lines.append(
            words["ai_dropped"]
            if dropped
            else words["weights"].format(ai=round(ai * 100), human=round(human * 100))
        )
        lines.append(words["ai"])
        role = ROLE_NAMES[locale].get(decision.role, decision.role) if decision else None
        lines.append(
            words["decided"].format(role=role, date=decision.at.date().isoformat())
            if decision
            else words["pending"]
        )
        return Explanation(
            dimensions=dimensions,
            ai_weight=ai,
            human_weight=human,
            ai_dropped=dropped,
            decided_by_role=decision.role if decision else None,
            decided_at=decision.at if decision else None,
            text="\n".join(lines),
        )

    # -------------------------------------------------------------- HR
    def listed(
        self, caller: Caller, branch_id: str | None, status: str | None = "open"
    ) -> list[RequestListItem]:
        """Open requests of the caller's branch (HQ: one branch, or all), oldest first."""
        require(caller, Capability.ANSWER_CANDIDATE_REQUESTS, action="reading candidate requests")
        scope = list_scope(caller, branch_id)
        branches = [scope] if scope else [b.id for b in self.organisation.list_branches()]
        found = [r for b in branches for r in self.requests.open_in(b)]
        names: dict[str, str] = {}
        for request in found:
            if request.candidate_id not in names:
                candidate = self.candidates.candidates.get(request.candidate_id)
                names[request.candidate_id] = candidate.name if candidate else ""
        return [
            RequestListItem.of(r, names[r.candidate_id]) for r in sorted(found, key=lambda r: r.at)
        ]

    def of_candidate(self, caller: Caller, candidate_id: str) -> list[RequestListItem]:
        candidate = self.candidates.manageable(
            caller, candidate_id, "HR who manage the candidate see their requests"
        )
        return [RequestListItem.of(r, candidate.name) for r in self.requests.of(candidate.id)]

    def answer(
        self, caller: Caller, candidate_id: str, request_id: str, given: AnswerInput
    ) -> RequestListItem:
        require(caller, Capability.ANSWER_CANDIDATE_REQUESTS, action="answering requests")
        candidate = self.candidates.manageable(
            caller, candidate_id, "HR who manage the candidate answer their requests"
        )
        request = next((r for r in self.requests.of(candidate.id) if r.id == request_id), None)
        if request is None:
            raise NotFound("request not found", code="request_not_found")
        if request.status != "open":
            raise Conflict("this request is already answered", code="request_answered")
        answered = request.model_copy(
            update={
                "status": "answered",
                "answer": given.answer.strip(),
                "answered_by": caller.username,
                "answered_at": now(),
            }
        )
        with self.uow() as uow:
            audited_write(
                uow,
                caller,
                "candidate.request.answer",
                answered,
                entity_id=candidate.id,
                branch_id=candidate.branch_id,
                before=request,
            )
            # The open request leaves the branch's index: its key moves with the status.
            self.notices.file(
                uow,
                candidate,
                f"request_answered:{request.id}",
                self._to_candidate_by_email(
                    candidate,
                    NotificationEvent.REQUEST_ANSWERED,
                    request=KIND_NAMES[candidate.locale][request.kind],
                    answer=answered.answer,
                ),
            )
            uow.commit()
        return RequestListItem.of(answered, candidate.name)

    # -------------------------------------------------------------- messages
    def _to_candidate_by_email(
        self, candidate: Candidate, event: NotificationEvent, **values: str
    ) -> list:
        return [
            m for m in self.notices.to_candidate(candidate, event, **values) if m.channel == "email"
        ]

    def _to_branch_hr(self, candidate: Candidate, request: CandidateRequest) -> list:
        """The branch's HR, each in their language."""
        by_locale: dict[str, list[UserProfile]] = defaultdict(list)
        for user in self.organisation.branch_users(candidate.branch_id):
            if user.role == Role.BRANCH_HR:
                by_locale[user.locale].append(user)
        return [
            message
            for locale, users in sorted(by_locale.items())
            for message in self.notices.to_staff(
                candidate,
                NotificationEvent.CANDIDATE_REQUEST,
                users,
                request=KIND_NAMES[locale][request.kind],
                message=request.message or "-",
            )
        ]
