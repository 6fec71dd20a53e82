"""The hourly onboarding reminders with a moved clock: the owners of an open task are told
once when it comes due and once when it is overdue, however often or late the schedule
runs; done tasks never; a task nobody can take goes to the branch's HR, saying whose it
is. The new hire's own tasks wait for the portal's reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hireflow.bootstrap import services
from hireflow.onboarding.model import (
    CHINA_TIME,
    OnboardingPlan,
    OnboardingRepository,
    PlanTask,
    TaskKind,
    TaskOwner,
    TaskStatus,
    china_day,
)
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWork
from tests.support.builders import hired

START = china_day(now()) + timedelta(days=20)  # the first day: the plan's dates count from it
IT, HR, MANAGER = (
    "shanghai.it@example.com",
    "shanghai.hr@example.com",
    "shanghai.manager@example.com",
)


def at(day: date, hour: int = 9) -> datetime:
    """The schedule's time on a day in China."""
    return datetime.combine(day, time(hour), CHINA_TIME)


def task(key: str, title_zh: str, owner: TaskOwner, due: date, **changes) -> PlanTask:
    kind = TaskKind.DOCUMENT if owner == TaskOwner.NEW_HIRE else TaskKind.MEETING
    return PlanTask(
        id=key, title=key.replace("_", " "), title_zh=title_zh, kind=kind, owner=owner, due=due,
        **changes,
    )  # fmt: skip


def plan(hr, tasks: list[PlanTask], mentor: str | None = None, **hire) -> OnboardingPlan:
    """A new hire whose plan holds just ``tasks`` (not the company template's)."""
    new_hire = hired(hr, name="王芳", start_in_days=20, onboard=False, **hire)
    made = OnboardingPlan(
        employee_id=new_hire.id,
        branch_id=new_hire.branch_id,
        position_id=new_hire.position_id,
        department=new_hire.department,
        manager_id=new_hire.manager_id,
        mentor_id=hr.user_id(mentor) if mentor else None,
        start_date=START,
        probation_end=new_hire.probation_end,
        tasks=tasks,
    )
    with UnitOfWork(services().outbox) as uow:
        uow.create(made)
        uow.commit()
    return made


def told(hr, to: str, text: str) -> list[dict]:
    return [m for m in hr.outbox(to) if text in m["subject"]]


def remind(day: date, hour: int = 9) -> int:
    return services().schedule.reminders(at(day, hour)).onboarding_messages


def test_due_soon_is_sent_once_at_the_window_however_often_or_late_the_schedule_runs(hr):
    plan(hr, [task("laptop", "准备电脑", TaskOwner.IT, START - timedelta(days=1))])
    window = START - timedelta(days=3)  # two days before the due date
    assert remind(window - timedelta(days=1), hour=23) == 0
    assert told(hr, IT, "准备电脑") == []
    assert remind(window, hour=0) == 1  # midnight in China: the window opens
    remind(window, hour=1)  # the next hour
    remind(window, hour=1)  # the same hour delivered twice
    remind(window + timedelta(days=1))  # a late run, still before the due date
    due_soon = told(hr, IT, "准备电脑")
    assert len(due_soon) == 1
    assert (
        "到期" in due_soon[0]["subject"]
        and str(START - timedelta(days=1)) in due_soon[0]["subject"]
    )
    assert "王芳" in due_soon[0]["subject"] and "#/employees/" in due_soon[0]["body"]


def test_a_late_first_run_tells_of_the_due_date_once_and_the_day_after_it_overdue_once(hr):
    made = plan(hr, [task("welcome", "欢迎面谈", TaskOwner.MANAGER, START)])
    assert remind(START) == 1  # the window was missed: it is due today, said once
    remind(START, hour=20)
    (due_today,) = told(hr, MANAGER, "欢迎面谈")
    assert due_today["subject"].startswith(f"{START} 到期")
    assert remind(START + timedelta(days=1)) == 1
    remind(START + timedelta(days=1), hour=10)
    remind(START + timedelta(days=9))
    overdue = [m for m in told(hr, MANAGER, "欢迎面谈") if "已逾期" in m["subject"]]
    assert len(overdue) == 1 and len(told(hr, MANAGER, "欢迎面谈")) == 2
    stored = OnboardingRepository().plan(made.employee_id)
    assert stored.task("welcome").reminded == ["before", "overdue"]


def test_done_tasks_are_never_reminded(hr):
    made = plan(
        hr,
        [
            task("contract", "签订合同", TaskOwner.HR, START, status=TaskStatus.DONE),
            task("badge", "办理工牌", TaskOwner.HR, START + timedelta(days=30)),
        ],
    )
    for offset in (-2, 0, 1, 5):
        remind(START + timedelta(days=offset))
    assert told(hr, HR, "签订合同") == []
    assert OnboardingRepository().plan(made.employee_id).task("contract").reminded == []


def test_owners_by_role_and_by_relation_and_the_branchs_hr_for_a_task_nobody_can_take(hr):
    due = START + timedelta(days=1)
    plan(
        hr,
        [
            task("laptop", "准备电脑", TaskOwner.IT, due),
            task("welcome", "欢迎面谈", TaskOwner.MANAGER, due),
            task("mentor_meeting", "导师见面", TaskOwner.MENTOR, due),
            task("id_card", "上传身份证", TaskOwner.NEW_HIRE, due),
        ],
    )
    plan(hr, [task("coffee", "导师咖啡", TaskOwner.MENTOR, due)], mentor="shanghai.interviewer")
    plan(
        hr,
        [task("laptop_sz", "深圳电脑", TaskOwner.IT, due)],
        branch_id="shenzhen",
        position_id="shenzhen-store-supervisor",
        manager=None,
    )
    sent = remind(due)
    assert len(told(hr, IT, "准备电脑")) == 1  # IT of the branch, by role
    assert len(told(hr, MANAGER, "欢迎面谈")) == 1  # the employee's manager
    assert len(told(hr, "shanghai.interviewer@example.com", "导师咖啡")) == 1  # the mentor
    # No mentor named yet: the branch's HR, told whose task it is.
    (stand_in,) = told(hr, HR, "导师见面")
    assert "尚未指定导师" in stand_in["subject"]
    assert told(hr, HR, "准备电脑") == []  # IT was there to tell
    # Shenzhen has no IT user: its HR, not Shanghai's IT.
    (shenzhen,) = told(hr, "shenzhen.hr@example.com", "深圳电脑")
    assert "没有可通知的 IT 人员" in shenzhen["subject"]
    assert told(hr, IT, "深圳电脑") == []
    # The new hire's document waits for the portal's reminder: nobody is told here.
    assert [m for m in hr.outbox() if "上传身份证" in m["subject"]] == []
    assert sent == 5


def test_the_new_hires_tasks_go_through_the_portals_hook_with_the_same_markers(hr):
    made = plan(hr, [task("id_card", "上传身份证", TaskOwner.NEW_HIRE, START)])
    seen = []

    def portal_reminder(uow, employee, task, marker):
        seen.append((employee.id, task.id, marker))
        return 1

    hooked = replace(services().schedule.onboarding, new_hire=portal_reminder)
    hooked.run(at(START))
    hooked.run(at(START))
    hooked.run(at(START + timedelta(days=1)))
    assert seen == [
        (made.employee_id, "id_card", "before"),
        (made.employee_id, "id_card", "overdue"),
    ]


def test_an_english_reader_reads_the_task_and_whose_it_is_in_english(hr):
    hr.put("/api/me/locale", "shanghai.hr", {"locale": "en"})
    plan(hr, [task("mentor_meeting", "导师见面", TaskOwner.MENTOR, START)])
    remind(START)
    (message,) = told(hr, HR, "mentor meeting")
    assert message["subject"].startswith(f"Due {START}: mentor meeting (the mentor's task")
