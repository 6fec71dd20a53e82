"""Demo data for the local cloud: HQ and two branches (and, on the local cloud only, a
New York branch under NYC's notice rules), one account per role, one position per
branch and an interview template, so a person can invite a candidate at
once; a webhook subscription and a DingTalk robot for Shanghai, both posting to the local
cloud's receiver. Seeding is idempotent: a restart finds everything in place."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hireflow.analytics.model import DemographicCategories, DemographicsRepository
from hireflow.assessment.model import CurrentTemplate, InterviewTemplate, TemplateRepository
from hireflow.bootstrap import services
from hireflow.identity.directory import CognitoDirectory
from hireflow.identity.model import HQ_BRANCH_ID, Caller, Role
from hireflow.integrations.service import NewWebhook
from hireflow.notifications.robots import NewRobot
from hireflow.offers.letters import logo_key
from hireflow.offers.model import ApprovalChain, ApproverRef, ChainLevel, OfferRepository
from hireflow.onboarding.model import OnboardingRepository, OnboardingTemplate, TemplateTask
from hireflow.organisation.model import Branch, OrganisationRepository, UserProfile
from hireflow.people.model import KpiFormula, KpiFormulaRepository, KpiTerm
from hireflow.platform import aws
from hireflow.platform.settings import settings
from hireflow.platform.store import Repository
from hireflow.privacy.model import PrivacyRepository
from hireflow.privacy.notices import install_defaults
from hireflow.recruiting.model import Position, PositionRepository, SalaryBand
from hireflow.talent.model import SkillMap, SkillMapping
from infra.localcloud.receiver import DEMO_DINGTALK_SECRET, Receiver

DEFAULT_PASSWORD = "Hireflow-demo-1"  # noqa: S105 - local demo accounts only

BRANCHES = [
    Branch(id=HQ_BRANCH_ID, name="Head Office", name_zh="总部", city="Shanghai", is_hq=True),
    Branch(id="shanghai", name="Shanghai", name_zh="上海", city="Shanghai"),
    Branch(id="shenzhen", name="Shenzhen", name_zh="深圳", city="Shenzhen"),
]

# The demo's branch under New York City's Local Law 144 (docs/privacy.md "Consent and
# notice"): its candidates read the us-ny notice and their interview opens 10 business
# days after the invitation. Only the local cloud has it (``seed``), not the unit tests'
# re-seeded table, which keeps its two branches.
NEW_YORK = Branch(id="new-york", name="New York", name_zh="纽约分公司", city="New York")
# Each demo branch's jurisdiction, written explicitly (an unmapped branch would read
# cn-mainland too); HQ changes them on the Privacy page.
JURISDICTIONS = {"shanghai": "cn-mainland", "shenzhen": "cn-mainland", NEW_YORK.id: "us-ny"}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    branch_id: str


ACCOUNTS = [
    DemoAccount("hq.admin", "HQ Admin", Role.HQ_ADMIN, HQ_BRANCH_ID),
    DemoAccount("hq.hr", "HQ HR", Role.HQ_HR, HQ_BRANCH_ID),
    DemoAccount("shanghai.hr", "Shanghai HR", Role.BRANCH_HR, "shanghai"),
    DemoAccount("shenzhen.hr", "Shenzhen HR", Role.BRANCH_HR, "shenzhen"),
    DemoAccount("shanghai.interviewer", "Shanghai Interviewer", Role.INTERVIEWER, "shanghai"),
    DemoAccount("shanghai.manager", "Shanghai Hiring Manager", Role.HIRING_MANAGER, "shanghai"),
    DemoAccount("gm.approver", "General Manager", Role.APPROVER, HQ_BRANCH_ID),
    DemoAccount("shanghai.it", "Shanghai IT", Role.IT, "shanghai"),
]

DIMENSIONS = {"communication": 0.35, "problem_solving": 0.35, "teamwork": 0.30}

TEMPLATE = InterviewTemplate.model_validate(
    {
        "id": "customer-facing",
        "version": 1,
        "name": {"en": "Customer-facing roles", "zh": "客户服务类岗位"},
        "dimension_weights": DIMENSIONS,
        "stages": [
            {
                "name": {"en": "Introduction", "zh": "自我介绍"},
                "preparation_seconds": 30,
                "answer_seconds": 90,
                "retakes_allowed": 1,
                "questions": [
                    {
                        "id": "intro",
                        "kind": "position",
                        "text": {
                            "en": "Introduce yourself and tell us why you want this role.",
                            "zh": "请介绍一下你自己，并说明你为什么想要这个职位。",
                        },
                        "dimensions": ["communication"],
                        "exemplar_answers": [
                            "I have three years of retail experience, I enjoy helping customers "
                            "find what they need, and this role lets me grow into a supervisor.",
                            "我有三年的零售工作经验，很喜欢帮助顾客找到他们需要的东西，"
                            "这个职位能让我成长为一名主管。",
                        ],
                    }
                ],
            },
            {
                "name": {"en": "Scenarios", "zh": "情景题"},
                "preparation_seconds": 45,
                "answer_seconds": 120,
                "retakes_allowed": 0,
                "questions": [
                    {
                        "id": "damaged-order",
                        "kind": "scenario",
                        "text": {
                            "en": "A customer calls, upset that their order arrived damaged. "
                            "What do you do?",
                            "zh": "一位顾客来电，因为订单到货时已损坏而非常不满。你会怎么做？",
                        },
                        "dimensions": ["communication", "problem_solving"],
                        "rubric": [
                            {
                                "key": "listen",
                                "label": {"en": "Listen", "zh": "倾听"},
                                "cues": {
                                    "en": ["listen", "let them explain", "understand"],
                                    "zh": ["倾听", "了解", "听", "说清楚", "讲清楚", "说完"],
                                },
                            },
                            {
                                "key": "apologise",
                                "label": {"en": "Apologise", "zh": "道歉"},
                                "cues": {
                                    "en": ["sorry", "apologise", "apologize"],
                                    "zh": ["抱歉", "道歉", "对不起", "歉意", "不好意思"],
                                },
                            },
                            {
                                "key": "solve",
                                "label": {"en": "Solve", "zh": "解决"},
                                "cues": {
                                    "en": ["replace", "refund", "replacement", "solve"],
                                    "zh": [
                                        "退款",
                                        "换货",
                                        "解决",
                                        "退钱",
                                        "补发",
                                        "换一个",
                                        "重新寄",
                                        "赔偿",
                                    ],
                                },
                            },
                            {
                                "key": "follow_up",
                                "label": {"en": "Follow up", "zh": "跟进"},
                                "cues": {
                                    "en": ["follow up", "call back", "check in"],
                                    "zh": ["跟进", "回访", "回电", "再联系", "再打电话"],
                                },
                            },
                        ],
                        "exemplar_answers": [
                            "First I listen and let the customer explain what happened, then I "
                            "apologise for the trouble. I offer a replacement or a refund right "
                            "away, and I follow up a few days later to make sure it arrived.",
                            "我会先认真倾听，让顾客把情况说清楚，然后为给他带来的麻烦道歉。"
                            "我会马上安排换货或者退款，几天后再回访，确认新的商品已经安全送到。",
                        ],
                    }
                ],
            },
            {
                "name": {"en": "Experience", "zh": "经历"},
                "preparation_seconds": 45,
                "answer_seconds": 150,
                "retakes_allowed": 0,
                "questions": [
                    {
                        "id": "difficult-teammate",
                        "kind": "behavioural",
                        "text": {
                            "en": "Tell us about a time you worked with a difficult teammate. "
                            "What was the situation, what did you do, and what was the result?",
                            "zh": "请讲述一次你与难相处的同事合作的经历："
                            "当时的情况、你的做法和结果。",
                        },
                        "dimensions": ["teamwork", "communication"],
                        "exemplar_answers": [
                            "In my last job a colleague kept missing shift handovers. I asked "
                            "him for a coffee, we agreed on a written checklist, and after a "
                            "month no handover was missed and complaints dropped.",
                            "在上一份工作中，有位同事经常漏掉交接班。我约他喝咖啡聊了聊，"
                            "我们一起定了一份书面的交接清单，一个月后再也没有漏过交接，投诉也减少了。",
                        ],
                    }
                ],
            },
        ],
    }
)


def _competency_model() -> dict[str, Any]:
    return {
        "dimensions": [
            {"key": "communication", "name": "Communication", "name_zh": "沟通", "weight": 0.35},
            {
                "key": "problem_solving",
                "name": "Problem solving",
                "name_zh": "解决问题",
                "weight": 0.35,
            },
            {"key": "teamwork", "name": "Teamwork", "name_zh": "团队合作", "weight": 0.30},
        ]
    }


POSITIONS = [
    Position(
        id="shanghai-customer-service",
        branch_id="shanghai",
        title="Customer Service Associate",
        title_zh="客户服务专员",
        template_id=TEMPLATE.id,
        competency_model=_competency_model(),  # type: ignore[arg-type]
        salary_band=SalaryBand(minimum=6000, maximum=9000),
    ),
    Position(
        id="shenzhen-store-supervisor",
        branch_id="shenzhen",
        title="Store Supervisor",
        title_zh="门店主管",
        template_id=TEMPLATE.id,
        competency_model=_competency_model(),  # type: ignore[arg-type]
        salary_band=SalaryBand(minimum=9000, maximum=14000),
    ),
]

NEW_YORK_POSITION = Position(
    id="new-york-store-associate",
    branch_id=NEW_YORK.id,
    title="Store Associate",
    title_zh="门店店员",
    template_id=TEMPLATE.id,
    competency_model=_competency_model(),  # type: ignore[arg-type]
    salary_band=SalaryBand(minimum=3200, maximum=4200, currency="USD"),
)


# The company's approval chain (seed 001): the department manager, then the general
# manager when the salary is above the position's band.
APPROVAL_CHAIN = ApprovalChain(
    branch_id=HQ_BRANCH_ID,
    levels=[
        ChainLevel(name="部门经理审批", approvers=[ApproverRef(role=Role.HIRING_MANAGER)]),
        ChainLevel(
            name="总经理审批",
            approvers=[ApproverRef(role=Role.APPROVER)],
            condition="above_band",
        ),
    ],
)


# The company's onboarding (seed 003): documents before the first day, IT's computer and
# accounts, the badge, the welcome meeting and the mentor's first-week check-in.
def _task(
    key: str, zh: str, en: str, kind: str, owner: str, days: int, **more: str
) -> TemplateTask:
    fields = {"title": en, "title_zh": zh, "kind": kind, "owner": owner, "due_offset_days": days}
    return TemplateTask.model_validate({"key": key, **fields, **more})


ONBOARDING_TEMPLATE = OnboardingTemplate(
    id="company-onboarding",
    name="公司入职流程",
    tasks=[
        _task(
            "id_card",
            "身份证复印件",
            "ID card copy",
            "document",
            "new_hire",
            -7,
            document_type="id_card",
        ),
        _task(
            "diploma", "学历证书", "Diplomas", "document", "new_hire", -7, document_type="diploma"
        ),
        _task(
            "medical",
            "入职体检报告",
            "Medical report",
            "document",
            "new_hire",
            -3,
            document_type="medical_report",
        ),
        _task("computer", "准备电脑", "Prepare the computer", "equipment", "it", -2),
        _task(
            "accounts", "开通邮箱和钉钉账号", "E-mail and DingTalk accounts", "accounts", "it", -1
        ),
        _task("badge", "制作工牌", "Badge", "equipment", "hr", -1),
        _task("contract", "签订劳动合同", "Sign the labour contract", "meeting", "hr", 0),
        _task("welcome", "入职欢迎会", "Welcome meeting", "meeting", "manager", 0),
        _task("mentor_week", "导师首周面谈", "Mentor's first-week talk", "meeting", "mentor", 5),
    ],
    what_to_bring=["ID card", "Diplomas (originals)", "Two passport photos", "A bank card"],
    what_to_bring_zh=["身份证原件", "学历证书原件", "一寸照片两张", "银行卡"],
    notice="Please come to the front desk at 9:00 on your first day.",
    notice_zh="入职当天请于上午 9:00 到前台报到。",
    updated_by="demo",
)


# Seed 003's bonus formula, kept as data (docs/analytics.md): performance = sales
# completion x 60 % + customer satisfaction x 40 %, for the store supervisors, who carry
# their store's sales target.
SALES_FORMULA = KpiFormula(
    position_id="shenzhen-store-supervisor",
    version=1,
    terms=[
        KpiTerm(
            key="sales_completion",
            name="Sales completion",
            name_zh="销售完成率",
            weight=0.6,
            scale="completion",
        ),
        KpiTerm(
            key="satisfaction",
            name="Customer satisfaction",
            name_zh="客户满意度",
            weight=0.4,
            scale="percent",
        ),
    ],
    updated_by="demo",
)


# HQ's skill map for the demo positions' dimensions (docs/talent.md): the skills a
# customer service or store résumé lists, in both languages, and what each is evidence
# for. Stored at revision 1, as if HQ had saved it once.
PS, COMM, TEAM = "problem_solving", "communication", "teamwork"
SKILL_MAP = SkillMap(
    skills=[
        SkillMapping(key="python", names=["python 3", "python3"], dimensions=[PS]),
        SkillMapping(key="sql", names=["mysql", "数据库"], dimensions=[PS]),
        SkillMapping(key="excel", names=["microsoft excel", "电子表格"], dimensions=[PS]),
        SkillMapping(key="data analysis", names=["数据分析", "analytics"], dimensions=[PS]),
        SkillMapping(key="problem solving", names=["解决问题", "问题解决"], dimensions=[PS]),
        SkillMapping(key="communication", names=["沟通", "沟通能力", "表达"], dimensions=[COMM]),
        SkillMapping(
            key="customer service", names=["客户服务", "客服", "售后服务"], dimensions=[COMM, PS]
        ),
        SkillMapping(key="public speaking", names=["演讲", "公开演讲"], dimensions=[COMM]),
        SkillMapping(key="teamwork", names=["团队合作", "团队协作", "团队"], dimensions=[TEAM]),
        SkillMapping(key="leadership", names=["领导力", "团队管理", "管理"], dimensions=[TEAM]),
        SkillMapping(key="pmp", names=["项目管理专业人士"], dimensions=[TEAM, PS]),
        SkillMapping(key="store supervisor", names=["门店主管", "店长"], dimensions=[TEAM]),
    ],
    updated_by="demo",
    revision=1,
)


def seed(directory: CognitoDirectory, password: str = DEFAULT_PASSWORD) -> None:
    """The demo accounts in Cognito (created when missing) and the demo data in the table."""
    seed_data(demo_users(directory, password))
    seed_privacy()


def demo_users(directory: CognitoDirectory, password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    """Each demo account's user id (its Cognito ``sub``) by username; a missing account is
    created with ``password``."""
    user_ids = {}
    for account in ACCOUNTS:
        user_id = directory.find(account.username)
        if user_id is None:
            user_id = directory.create_user(
                account.username,
                _email(account),
                account.display_name,
                account.role,
                account.branch_id,
                send_invitation=False,
            )
            directory.set_password(account.username, password)
        user_ids[account.username] = user_id
    return user_ids


def seed_data(user_ids: Mapping[str, str]) -> None:
    """The demo's table data (branches, a profile per demo account, the interview template,
    the positions) for accounts that already exist in Cognito: ``user_ids`` as
    ``demo_users`` returns them. Tests re-seed an emptied table with it."""
    organisation = OrganisationRepository()
    for branch in BRANCHES:
        organisation.put_branch(branch)
    for account in ACCOUNTS:
        organisation.put_user(
            UserProfile(
                user_id=user_ids[account.username],
                username=account.username,
                email=_email(account),
                display_name=account.display_name,
                role=account.role,
                branch_id=account.branch_id,
            )
        )
    templates = TemplateRepository()
    templates.put(TEMPLATE)
    templates.put(CurrentTemplate.model_validate(TEMPLATE.model_dump()))
    positions = PositionRepository()
    for position in POSITIONS:
        positions.put(position)
    OfferRepository().put_chain(APPROVAL_CHAIN)
    OnboardingRepository().put_template(ONBOARDING_TEMPLATE)
    KpiFormulaRepository().put(SALES_FORMULA)
    Repository(SkillMap).put(SKILL_MAP)
    _company_logo()


def seed_privacy() -> None:
    """The New York branch with its open position, the built-in jurisdictions and their
    version-1 notices in the table, and each demo branch's jurisdiction (idempotent: a
    mapping HQ changed is left as it is)."""
    OrganisationRepository().put_branch(NEW_YORK)
    PositionRepository().put(NEW_YORK_POSITION)
    install_defaults(PrivacyRepository(), JURISDICTIONS)


def seed_integrations(receiver_url: str, receiver: Receiver) -> None:
    """Other systems, locally: a webhook subscription for every event and a DingTalk robot
    for the Shanghai branch (its HR's staff notices), both posting to the local cloud's
    receiver (``/local/receiver``), which checks their signatures. Made through the
    services, as HQ's admin would (audited); the webhook's secret is shown once, here, to
    the receiver."""
    admin = next(a for a in ACCOUNTS if a.role == Role.HQ_ADMIN)
    user_id = CognitoDirectory().find(admin.username) or admin.username
    caller = Caller(
        user_id=user_id, username=admin.username, roles=(admin.role,), branch_id=HQ_BRANCH_ID
    )
    created = services().webhooks.create(
        caller,
        NewWebhook(name="Local receiver (demo)", url=f"{receiver_url}/webhook/demo"),
    )
    receiver.trust_webhook("demo", created.secret)
    services().robots.add(
        caller,
        "shanghai",
        NewRobot(
            kind="dingtalk",
            name="上海招聘群（本地演示）",
            url=f"{receiver_url}/dingtalk/shanghai?access_token=local-demo-access-token",
            secret=DEMO_DINGTALK_SECRET,
            locale="zh",
        ),
    )


def _company_logo() -> None:
    """A plain logo for the letters (HQ's, so every branch's letter carries it)."""
    from PIL import Image, ImageDraw  # the local cloud's dependencies only

    image = Image.new("RGB", (240, 80), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 76, 76), radius=14, fill=(30, 90, 160))
    draw.text((24, 30), "HF", fill="white")
    draw.text((92, 30), "hireflow", fill=(30, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    aws.client("s3").put_object(
        Bucket=settings().media_bucket,
        Key=logo_key(HQ_BRANCH_ID),
        Body=buffer.getvalue(),
        ContentType="image/png",
    )


def _email(account: DemoAccount) -> str:
    return f"{account.username}@example.com"


# The voluntary questions the demo asks candidates after the phone check (HQ changes them
# under Analytics -> Demographic questions; a new company asks none). Set by `make run`
# only: the browser tests' local cloud asks none, so their interview walks stay as they are.
DEMOGRAPHIC_CATEGORIES = DemographicCategories.model_validate(
    {
        "categories": [
            {"key": "sex", "en": "Sex", "zh": "性别", "options": [
                {"key": "female", "en": "Female", "zh": "女"},
                {"key": "male", "en": "Male", "zh": "男"}]},
            {"key": "age_band", "en": "Age band", "zh": "年龄段", "options": [
                {"key": "18-29", "en": "18-29", "zh": "18-29 岁"},
                {"key": "30-39", "en": "30-39", "zh": "30-39 岁"},
                {"key": "40-49", "en": "40-49", "zh": "40-49 岁"},
                {"key": "50+", "en": "50 or over", "zh": "50 岁及以上"}]},
        ]
    }
)  # fmt: skip


def ask_demographics() -> None:
    """The demo's demographic questions, unless HQ already chose some."""
    answers = DemographicsRepository()
    if not answers.categories().categories:
        answers.put_categories(DEMOGRAPHIC_CATEGORIES)
