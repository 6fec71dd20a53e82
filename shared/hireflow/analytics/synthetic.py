"""Labelled synthetic history with a planted truth (docs/analytics.md): for the tests, the
bench (``make bench``) and the local cloud's demo. Every record says it is synthetic (names
"合成员工 0001 / Synthetic 0001", review comments, decision feedback).

The plan, per candidate: a true ability per dimension (communication, problem solving,
teamwork ~ N(65, 12)); the AI measures it with noise (sd 5), reviewers with noise (sd 6)
plus ``shift`` points in the over-scoring branch. The best third of each branch's
candidates by the combined score (AI 40 / human 60, judged with noise) get an offer and
become employees; the better half advance. Their performance each quarter is
``20 + 0.5 communication + 0.3 problem solving + 0 teamwork`` (true abilities) + the
department's effect + a personal (sd 5) and a quarterly (sd 4) noise. Sales, which hires
those the reviewers liked more than their abilities deserve, performs 6 points lower:
the high-fit, low-performance group.
Demographic answers (sex, age band; ~10 % unanswered) are drawn independently of
everything, so selection is fair by construction; ``fair=False`` lowers women's AI scores
by 10 points, which the fairness monitor must catch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from hireflow.analytics.facts import (
    Candidates,
    Employees,
    Facts,
    PositionInfo,
    Reviews,
    day_number,
    performance,
    position_info,
)
from hireflow.analytics.model import (
    CategoryOption,
    DemographicAnswers,
    DemographicCategories,
    DemographicCategory,
    Named,
)
from hireflow.assessment.model import CompetencyModel, Dimension
from hireflow.people.model import (
    BaselineDimension,
    DimensionPerformance,
    Employee,
    PerformanceReview,
)
from hireflow.recruiting.model import Candidate, Position
from hireflow.recruiting.status import CandidateStatus
from hireflow.reviews.model import RoundDecision
from hireflow.scoring.model import AiDimensionScores

DIMENSIONS = [
    Dimension(key="communication", name="Communication", name_zh="沟通", weight=0.35),
    Dimension(key="problem_solving", name="Problem solving", name_zh="解决问题", weight=0.35),
    Dimension(key="teamwork", name="Teamwork", name_zh="团队合作", weight=0.30),
]
TRUTH = {"communication": 0.5, "problem_solving": 0.3, "teamwork": 0.0}
DEPARTMENTS = ["Customer care", "Store", "Sales"]
SALES_EFFECT = -6.0
CATEGORIES = [
    DemographicCategory(
        key="sex",
        en="Sex",
        zh="性别",
        options=[
            CategoryOption(key="female", en="Female", zh="女"),
            CategoryOption(key="male", en="Male", zh="男"),
        ],
    ),
    DemographicCategory(
        key="age_band",
        en="Age band",
        zh="年龄段",
        options=[
            CategoryOption(key="18-29", en="18-29", zh="18-29岁"),
            CategoryOption(key="30-39", en="30-39", zh="30-39岁"),
            CategoryOption(key="40+", en="40 and over", zh="40岁及以上"),
        ],
    ),
]
TEMPLATE_ID = "customer-facing"
LABEL = "合成数据 / synthetic"


@dataclass(frozen=True)
class Plan:
    employees: int = 300
    periods: int = 8  # quarters of reviews
    branches: tuple[str, ...] = ("shanghai", "shenzhen", "hangzhou")
    over_scoring: str | None = "shenzhen"
    shift: float = 8.0  # points the over-scoring branch's reviewers add
    candidates_per_hire: int = 3
    fair: bool = True
    seed: int = 17
    first_period: date = date(2024, 1, 1)  # the first reviewed quarter starts here
    # Hires spread over the two years (the demo); False: everyone hired before the first
    # quarter, so every employee has a review each period (the bench's n x 8).
    spread_hiring: bool = True
    truth: dict[str, float] = field(default_factory=lambda: dict(TRUTH))


@dataclass
class Synthetic:
    """The generated history as arrays (one row per candidate; the hired ones' rows)."""

    plan: Plan
    positions: list[Position]
    branch: np.ndarray  # candidate -> branch index
    ability: np.ndarray  # (m, D)
    ai: np.ndarray  # (m, D)
    human: np.ndarray  # (m, D)
    ai_overall: np.ndarray
    human_overall: np.ndarray
    combined: np.ndarray  # (m, D)
    combined_overall: np.ndarray
    advanced: np.ndarray
    offered: np.ndarray
    decided_day: np.ndarray
    answers: dict[str, np.ndarray]  # option index, UNKNOWN last
    hired: np.ndarray  # candidate rows of the employees
    department: np.ndarray  # per employee
    start: np.ndarray  # per employee (day)
    review_employee: np.ndarray
    review_period: np.ndarray  # 0..periods-1
    review_day: np.ndarray
    review_overall: np.ndarray
    review_dimensions: np.ndarray  # (r, D)

    @property
    def weights(self) -> np.ndarray:
        return np.array([d.weight for d in DIMENSIONS])


def quarter_end(first: date, period: int) -> date:
    month = first.month - 1 + 3 * (period + 1)
    return date(first.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def quarter_name(first: date, period: int) -> str:
    end = quarter_end(first, period)
    return f"{end.year}-Q{(end.month - 1) // 3 + 1}"


def synthetic_positions(branches: tuple[str, ...]) -> list[Position]:
    return [
        Position(
            id=f"synthetic-{b}-customer-service",
            branch_id=b,
            title=f"Customer Service Associate (synthetic, {b})",
            title_zh="客户服务专员（合成数据）",
            template_id=TEMPLATE_ID,
            competency_model=CompetencyModel(dimensions=DIMENSIONS),
        )
        for b in branches
    ]


def generate(plan: Plan = Plan()) -> Synthetic:
    rng = np.random.default_rng(plan.seed)
    m, d = plan.employees * plan.candidates_per_hire, len(DIMENSIONS)
    branch = rng.integers(0, len(plan.branches), m)
    ability = rng.normal(65, 12, (m, d))
    answers = {
        "sex": np.where(rng.random(m) < 0.1, 2, rng.integers(0, 2, m)),
        "age_band": np.where(rng.random(m) < 0.1, 3, rng.integers(0, 3, m)),
    }
    ai = ability + rng.normal(0, 5, (m, d))
    if not plan.fair:
        ai[answers["sex"] == 0] -= 10
    human = ability + rng.normal(0, 6, (m, d))
    if plan.over_scoring in plan.branches:
        human[branch == plan.branches.index(plan.over_scoring)] += plan.shift
    ai, human = np.clip(ai, 0, 100).round(1), np.clip(human, 0, 100).round(0)
    weights = np.array([x.weight for x in DIMENSIONS])
    combined = (0.4 * ai + 0.6 * human).round(1)
    ai_overall, human_overall = (ai @ weights).round(1), (human @ weights).round(1)
    combined_overall = (combined @ weights).round(1)
    # Each branch's best third by the combined score is offered; the better half advances.
    # (Judged with noise, sd 8: the people deciding see more than the scores.)
    judged = combined_overall + rng.normal(0, 8, m)
    rank = np.empty(m)
    for b in range(len(plan.branches)):
        rows = np.flatnonzero(branch == b)
        rank[rows] = (-judged[rows]).argsort().argsort() / max(len(rows), 1)
    offered = rank < 1 / plan.candidates_per_hire
    advanced = rank < 0.5
    first = day_number(plan.first_period)
    span = (
        quarter_end(plan.first_period, plan.periods - 1).toordinal() - plan.first_period.toordinal()
    )
    decided_day = (
        first - 60 + rng.integers(0, span, m)
        if plan.spread_hiring
        else first - 240 + rng.integers(0, 150, m)
    )
    hired = np.flatnonzero(offered)
    h = len(hired)
    # Sales hires those the reviewers liked more than their abilities deserve.
    flattered = (human[hired] - ability[hired]).mean(axis=1)
    sales = (flattered > np.quantile(flattered, 0.6)) & (rng.random(h) < 0.8)
    department = np.where(sales, 2, rng.integers(0, 2, h))
    start = decided_day[hired] + 30
    true = 20 + ability[hired] @ np.array([plan.truth[x.key] for x in DIMENSIONS])
    true += np.where(department == 2, SALES_EFFECT, 0.0) + rng.normal(0, 5, h)
    ends = np.array([day_number(quarter_end(plan.first_period, p)) for p in range(plan.periods)])
    employee = np.repeat(np.arange(h), plan.periods)
    period = np.tile(np.arange(plan.periods), h)
    kept = ends[period] >= start[employee] + 30  # reviewed once a month into the quarter
    employee, period = employee[kept], period[kept]
    overall = np.clip(true[employee] + rng.normal(0, 4, len(employee)), 0, 100).round(1)
    review_dimensions = np.clip(
        0.7 * overall[:, None]
        + 0.3 * ability[hired][employee]
        + rng.normal(0, 5, (len(employee), d)),
        0,
        100,
    ).round(0)
    return Synthetic(
        plan=plan,
        positions=synthetic_positions(plan.branches),
        branch=branch,
        ability=ability,
        ai=ai,
        human=human,
        ai_overall=ai_overall,
        human_overall=human_overall,
        combined=combined,
        combined_overall=combined_overall,
        advanced=advanced,
        offered=offered,
        decided_day=decided_day,
        answers=answers,
        hired=hired,
        department=department,
        start=start,
        review_employee=employee,
        review_period=period,
        review_day=ends[period],
        review_overall=overall,
        review_dimensions=review_dimensions,
    )


def employee_number(i: int) -> str:
    return f"SYN{i:06d}"


def employee_name(i: int) -> str:
    return f"合成员工 {i:04d} / Synthetic {i:04d}"


def facts(data: Synthetic) -> Facts:
    """The facts the loader would read after ``records(data)`` were stored: built from the
    arrays directly (the bench's 100,000 employees never touch the table)."""
    plan = data.plan
    positions: list[PositionInfo] = [position_info(p, {}, 0) for p in data.positions]
    h = len(data.hired)
    hired_branch = data.branch[data.hired]
    employees = Employees(
        ids=[f"synthetic-employee-{plan.seed}-{i}" for i in range(h)],
        numbers=[employee_number(i) for i in range(h)],
        names=[employee_name(i) for i in range(h)],
        position_titles=[data.positions[b].title for b in hired_branch],
        manager_ids=[None] * h,
        branch=hired_branch.astype(np.int32),
        department=data.department.astype(np.int32),
        position=hired_branch.astype(np.int32),
        start=data.start.astype(np.int32),
        baseline=data.combined[data.hired],
        baseline_overall=data.combined_overall[data.hired],
        fit=data.combined_overall[data.hired],
    )
    m = len(data.branch)
    candidates = Candidates(
        ids=[f"synthetic-candidate-{plan.seed}-{i}" for i in range(m)],
        position=data.branch.astype(np.int32),
        branch=data.branch.astype(np.int32),
        ai_overall=data.ai_overall,
        ai=data.ai,
        human_overall=data.human_overall,
        ai_at_decision=data.ai_overall,
        decided_day=data.decided_day.astype(np.int32),
        decided=np.ones(m, dtype=bool),
        advanced=data.advanced,
        offered=data.offered,
        answers={k: v.astype(np.int32) for k, v in data.answers.items()},
    )
    return Facts(
        positions=positions,
        branches=[Named(id=b, name=b) for b in plan.branches],
        departments=list(DEPARTMENTS),
        dimension_keys=[x.key for x in DIMENSIONS],
        employees=employees,
        reviews=Reviews(
            employee=data.review_employee.astype(np.int32),
            day=data.review_day.astype(np.int32),
            overall=data.review_overall,
        ),
        candidates=candidates,
        categories=list(CATEGORIES),
    )


def true_validity(plan: Plan, employees: int = 60_000) -> dict[str, float]:
    """The population correlation of each dimension's interview score with mean
    performance under ``plan``: the truth a sample's interval should cover."""
    big = facts(generate(Plan(**{**plan.__dict__, "employees": employees})))
    perf = performance(big.employees, big.reviews).mean
    known = ~np.isnan(perf)
    return {
        key: float(np.corrcoef(big.employees.baseline[known, j], perf[known])[0, 1])
        for j, key in enumerate(big.dimension_keys)
    }


def _at(day: int) -> datetime:
    return datetime.combine(date.fromordinal(int(day) + 719163), time(10), tzinfo=UTC)


def records(data: Synthetic) -> dict[str, list]:
    """The history as stored entities, by kind, for the table (demo seed, job tests)."""
    plan = data.plan
    keys = [x.key for x in DIMENSIONS]
    candidates, ai_scores, decisions, answers = [], [], [], []
    for i in range(len(data.branch)):
        position = data.positions[data.branch[i]]
        cid = f"synthetic-candidate-{plan.seed}-{i}"
        offered, advanced = bool(data.offered[i]), bool(data.advanced[i])
        status = (
            CandidateStatus.HIRED
            if offered
            else (CandidateStatus.REJECTED if not advanced else CandidateStatus.SECOND_ROUND)
        )
        reached = [CandidateStatus.IMPORTED, CandidateStatus.INVITED, CandidateStatus.COMPLETED]
        reached += [CandidateStatus.IN_REVIEW]
        if offered:
            reached += [CandidateStatus.OFFER_PENDING, CandidateStatus.OFFER_SENT]
        at = _at(data.decided_day[i])
        candidates.append(
            Candidate(
                id=cid,
                name=f"合成候选人 {i:05d} / Synthetic candidate {i:05d}",
                phone=f"+861990{plan.seed % 100:02d}{i:05d}",
                email=f"synthetic.{plan.seed}.{i}@example.invalid",
                branch_id=position.branch_id,
                position_id=position.id,
                source="import",
                status=status,
                status_reason=LABEL,
                reached=[*reached, status],
                round=1,
                invitations=1,
                created_at=at - timedelta(days=10),
                updated_at=at,
                created_by="synthetic",
            )
        )
        ai_scores.append(
            AiDimensionScores(
                candidate_id=cid,
                round=1,
                dimensions=dict(zip(keys, data.ai[i].tolist(), strict=True)),
                overall=float(data.ai_overall[i]),
                position_id=position.id,
                created_at=at - timedelta(days=5),
            )
        )
        decisions.append(
            RoundDecision(
                candidate_id=cid,
                round=1,
                decision="offer" if offered else ("second_round" if advanced else "reject"),
                decider_id="synthetic",
                decided_by="合成评审 / Synthetic reviewer",
                role="branch_hr",
                feedback=LABEL,
                ai_overall=float(data.ai_overall[i]),
                human_overall=float(data.human_overall[i]),
                combined_overall=float(data.combined_overall[i]),
                at=at,
            )
        )
        given = {
            c.key: c.options[int(data.answers[c.key][i])].key
            for c in CATEGORIES
            if int(data.answers[c.key][i]) < len(c.options)
        }
        answers.append(DemographicAnswers(candidate_id=cid, answers=given, answered_at=at))
    employees = []
    for n, row in enumerate(data.hired):
        position = data.positions[data.branch[row]]
        employees.append(
            Employee(
                id=f"synthetic-employee-{plan.seed}-{n}",
                number=employee_number(n),
                candidate_id=f"synthetic-candidate-{plan.seed}-{row}",
                name=employee_name(n),
                email=f"synthetic.employee.{plan.seed}.{n}@example.invalid",
                phone=f"+861980{plan.seed % 100:02d}{n:05d}",
                locale="zh",
                branch_id=position.branch_id,
                department=DEPARTMENTS[data.department[n]],
                position_id=position.id,
                position_title=position.title,
                start_date=date.fromordinal(int(data.start[n]) + 719163),
                offer_id="synthetic",
                baseline_round=1,
                baseline=[
                    BaselineDimension(
                        key=x.key,
                        name=x.name,
                        name_zh=x.name_zh,
                        weight=x.weight,
                        ai=float(data.ai[row, j]),
                        human=float(data.human[row, j]),
                        combined=float(data.combined[row, j]),
                    )
                    for j, x in enumerate(DIMENSIONS)
                ],
                baseline_overall=float(data.combined_overall[row]),
                created_at=_at(data.start[n]),
            )
        )
    reviews = [
        PerformanceReview(
            id=f"synthetic-review-{plan.seed}-{r}",
            employee_id=employees[e].id,
            branch_id=employees[e].branch_id,
            department=employees[e].department,
            position_id=employees[e].position_id,
            period=quarter_name(plan.first_period, int(data.review_period[r])),
            period_end=date.fromordinal(int(data.review_day[r]) + 719163),
            dimensions=[
                DimensionPerformance(key=k, score=float(data.review_dimensions[r, j]))
                for j, k in enumerate(keys)
            ],
            overall=float(data.review_overall[r]),
            reviewer_id="synthetic",
            reviewer_name="合成评审 / Synthetic reviewer",
            comment=LABEL,
            source="import",
            recorded_at=_at(data.review_day[r] + 7),
        )
        for r, e in enumerate(data.review_employee.tolist())
    ]
    return {
        "positions": data.positions,
        "candidates": candidates,
        "ai_scores": ai_scores,
        "decisions": decisions,
        "answers": answers,
        "employees": employees,
        "reviews": reviews,
        "categories": [DemographicCategories(categories=CATEGORIES)],
    }
