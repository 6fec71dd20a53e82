"""A Chinese HR team's screens show no English server text: the test walks the HR app
and the candidate portal in Chinese, error states included (a wrong password, an import
with bad rows, a 409, a template the API refuses, a wrong phone number, a locked link),
collects every visible text and fails on a run of English words that is not a name,
an e-mail address or an allowed term."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.support.builders import interview_token, invitation_link, invite, new_candidate
from tests.workbooks import workbook

pytestmark = pytest.mark.browser

PASSWORD = "Hireflow-demo-1"
# Latin words a Chinese screen may show: product and file names, units, the language
# picker's "English", the AI itself.
ALLOWED = {"hireflow", "AI", "HR", "Excel", "xlsx", "English", "MB", "HTML", "SMS"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
URL = re.compile(r"https?://\S+")
# Two or more Latin words in a row: a sentence (or a name) in English.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,:;]+[A-Za-z][A-Za-z'’-]*)+")

# Visible text nodes only; form controls hold what a person types or edits (a template's
# English question is content, not a server message).
VISIBLE_TEXT = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest("textarea, script, style, option, [hidden]")) continue;
    const style = getComputedStyle(parent);
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (!parent.getClientRects().length) continue;
    const text = node.textContent.trim();
    if (text) texts.push(text);
  }
  return texts;
}"""


def english_in(texts: list[str], names: set[str]) -> list[str]:
    found = []
    for text in texts:
        cleaned = URL.sub(" ", EMAIL.sub(" ", text))
        for name in names:
            cleaned = cleaned.replace(name, " ")
        for run in ENGLISH_RUN.findall(cleaned):
            words = [w for w in re.split(r"[ ,:;]+", run) if w and w not in ALLOWED]
            if len(words) >= 2:
                found.append(f"{run!r} in {text!r}")
    return found


class Walk:
    """Collects what each visited screen shows; ``check`` fails on English in any."""

    def __init__(self, page: Page, names: set[str]) -> None:
        self.page, self.names, self.seen = page, names, {}

    def look(self, screen: str) -> list[str]:
        texts = self.page.evaluate(VISIBLE_TEXT)
        self.seen[screen] = texts
        screenshot(self.page, f"zh-{screen}")
        return texts

    def check(self) -> None:
        problems = {s: english_in(t, self.names) for s, t in self.seen.items()}
        assert {s: p for s, p in problems.items() if p} == {}


def candidate_names(hr) -> set[str]:
    """Every Shanghai candidate's name: the session's local cloud holds other tests'
    candidates (with English names), which the dashboard may list."""
    names, cursor = set(), None
    while True:
        query = {"limit": "100", **({"cursor": cursor} if cursor else {})}
        page = hr.get("/api/candidates", "shanghai.hr", query=query).json
        names |= {c["name"] for c in page["items"]}
        if not (cursor := page["cursor"]):
            return names


def unexpected(console_errors: list[str]) -> list[str]:
    """Console errors other than the refusals this walk asks for (the browser logs every
    4xx answer: the wrong password, the 409, the 422)."""
    return [e for e in console_errors if "Failed to load resource" not in e]


def sign_in_zh(page: Page, cloud, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{cloud.url}/?lang=zh")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


@pytest.mark.usefixtures("wrong_phones_given_back")
def test_no_english_server_text_on_the_chinese_screens(cloud, hr, desktop, page, tmp_path):
    stamp = time.time_ns() % 10**7
    phone = f"135{stamp:08d}"
    # People's names as the demo accounts hold them (data, not server text).
    names = {"Shanghai HR", "HQ Admin"}
    walk = Walk(desktop, names)

    # Sign-in: a wrong password is said in Chinese (Cognito answers in English).
    sign_in_zh(desktop, cloud, "shanghai.hr", "wrong-password-1")
    expect(desktop.locator("#sign-in-error")).to_have_text("用户名或密码错误。")
    walk.look("sign-in-error")
    sign_in_zh(desktop, cloud, "shanghai.hr")
    expect(desktop.locator("#who")).to_contain_text("上海")  # the branch's Chinese name
    expect(desktop.locator("[data-branch=shanghai] h2")).to_have_text("上海")
    walk.look("dashboard")

    # An import with bad rows: a wrong phone, a missing name, an unknown position, a
    # person listed twice; each row's reason in Chinese, the summary counting rows.
    book = tmp_path / "bad-rows.xlsx"
    book.write_bytes(
        workbook(
            [
                ["姓名", "手机", "邮箱", "应聘岗位", "分支机构"],
                ["周一", int(phone), f"zhou.{stamp}@example.com", "客户服务专员", "上海"],
                ["吴二", "12345", "wu@example", "客户服务专员", "上海"],
                ["", int(phone) + 1, f"nameless.{stamp}@example.com", "客户服务专员", "上海"],
                ["郑三", int(phone) + 2, f"zheng.{stamp}@example.com", "厨师", "上海"],
                ["王四", int(phone), f"wang.{stamp}@example.com", "客户服务专员", "上海"],
            ]
        )
    )
    desktop.goto(f"{cloud.url}/?lang=zh#/import")
    desktop.get_by_label("工作簿 (.xlsx)").set_input_files(str(book))
    desktop.get_by_role("button", name="上传").click()
    summary = desktop.locator(".summary")
    expect(summary).to_have_text("已创建: 1 · 已存在的行: 1 · 有错误的行: 3")
    errors = desktop.locator("table", has_text="错误")
    expect(errors).to_contain_text("不是中国大陆手机号码")
    expect(errors).to_contain_text("不是有效的邮箱地址")
    expect(errors).to_contain_text("缺少姓名。")
    expect(errors).to_contain_text("该分支机构没有岗位“厨师”。")
    expect(desktop.locator("table", has_text="已存在")).to_contain_text("已登记")
    walk.look("import-bad-rows")

    # A 409: inviting a candidate whom a colleague invited after this page was loaded.
    created = new_candidate(
        hr, name="陈五", phone=f"136{stamp:08d}", email=f"chen.{stamp}@example.com"
    )
    assert created.status == 201, created.text
    candidate = created.json
    desktop.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    expect(desktop.locator("#candidate-position")).to_have_text("客户服务专员")
    expect(desktop.locator("#candidate-branch")).to_have_text("上海")
    expect(desktop.locator("#timeline")).to_contain_text("手工添加。")
    invite(hr, candidate)
    desktop.locator("#invite").click()
    desktop.get_by_role("button", name="确认").click()
    alert = desktop.get_by_role("alert")
    expect(alert).to_contain_text("该候选人已邀请：只有已导入、已过期或复试中的候选人可以邀请。")
    walk.look("candidate-409")

    # The candidate list and its search by a phone number typed with spaces.
    digits = f"136{stamp:08d}"
    spaced = f"{digits[:3]}%20{digits[3:7]}%20{digits[7:]}"  # "136 1234 5678"
    desktop.goto(f"{cloud.url}/?lang=zh#/candidates?q={spaced}")
    expect(desktop.locator(".results")).to_contain_text("陈五")
    walk.look("candidates-search")

    # The portal in Chinese: a wrong phone number, then the link locked.
    link = invitation_link(hr, candidate["email"])
    token = interview_token(link)
    page.goto(f"{cloud.url}/interview/?lang=zh#{token}")
    page.fill("#phone", "13900000000")
    page.click("text=验证并继续")
    expect(page.locator("p.error")).to_have_text("手机号码不匹配，还可以尝试 4 次。")
    portal = Walk(page, names)
    portal.look("portal-wrong-phone")
    for _ in range(4):
        page.click("text=验证并继续")
        page.wait_for_timeout(300)
    expect(page.locator("p.error")).to_contain_text("此链接已被锁定")
    portal.look("portal-locked")

    # HR sees why, in Chinese, on the dashboard and the candidate page; HR was told.
    desktop.goto(f"{cloud.url}/?lang=zh#/dashboard")
    expect(desktop.locator("[data-branch=shanghai] .attention")).to_contain_text(
        "连续 5 次输入错误的手机号码，面试链接已被锁定。"
    )
    walk.look("dashboard-attention")
    desktop.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    expect(desktop.locator(".reason").first).to_contain_text("面试链接已被锁定")
    walk.look("candidate-attention")
    told = [m for m in hr.outbox("shanghai.hr@example.com") if "陈五" in m["subject"]]
    assert told and "需要处理" in told[0]["subject"]

    walk.names |= candidate_names(hr)
    walk.check()
    portal.check()
    assert unexpected(desktop.console_errors) == []  # type: ignore[attr-defined]


def test_template_validation_shows_each_fields_reason_in_chinese(cloud, desktop):
    page = desktop
    sign_in_zh(page, cloud, "hq.admin")
    page.get_by_role("link", name="面试模板").click()
    page.get_by_role("link", name="客户服务类岗位").click()
    # A rubric key the API refuses: the field and the reason, in Chinese.
    question = page.locator("fieldset[data-id=damaged-order]")
    question.get_by_label("评分链（键 | 名称 | 关键词，每行一个要点）").fill(
        "Listen Now | 倾听 | 倾听"
    )
    page.get_by_role("button", name="保存为新版本").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("部分字段无效。")
    expect(alert.locator("[data-field='stages.1.questions.0.rubric.0.key']")).to_have_text(
        "阶段 2 · 问题 1 · 评分要点 1 · 键: 只能使用小写字母、数字和下划线，并以字母开头。"
    )
    walk = Walk(page, {"HQ Admin"})
    walk.look("template-422-field")
    # Weights that do not add up to 1: the template's own rule, in Chinese.
    page.reload()
    page.locator(".weights input").first.fill("0.9")
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.get_by_role("alert")).to_contain_text("权重之和必须为 1，当前为")
    walk.look("template-422-weights")
    walk.check()
    assert unexpected(page.console_errors) == []  # type: ignore[attr-defined]


def test_the_walk_catches_english(cloud):
    """The check itself: a server sentence in English is caught, names and terms are not."""
    assert english_in(["the candidate is invited; only imported candidates"], set())
    assert english_in(["Not found."], set())
    assert english_in(["重试 Retry"], set()) == []  # one word: not a sentence
    assert english_in(["陈五 · li.lei@example.com · AI 报告 · hireflow HR"], set()) == []
    assert english_in(["Li Lei 已邀请"], {"Li Lei"}) == []


def test_a_report_the_ai_could_not_judge_says_why_in_chinese_and_its_links_stay_fresh(
    cloud, hr, desktop, tmp_path, monkeypatch
):
    """Why the AI could not judge each answer is said in Chinese; the report's video
    links, signed for a few minutes, are signed again while the page stays open (here
    for 8 s, so the page renews them within seconds)."""
    from hireflow.scoring import reports
    from tests.e2e.conftest import silent_interview_in_review

    monkeypatch.setattr(reports, "VIDEO_URL_SECONDS", 8)
    candidate = silent_interview_in_review(hr, "Silent Links", tmp_path)
    page = desktop
    sign_in_zh(page, cloud, "shanghai.hr")
    expect(page.locator("#who")).to_contain_text("上海")
    page.goto(f"{cloud.url}/?lang=zh#/candidates/{candidate['id']}")
    expect(page.locator("#not-scored li")).to_have_count(3)
    expect(page.locator("#not-scored")).to_contain_text("音频无声（麦克风没有录到任何声音）。")
    expect(page.locator("#interview .insufficient").first).to_contain_text("音频无声")
    expect(page.locator("#suggestion")).to_contain_text("没有 AI 评分")
    # The question in Chinese, though the candidate answered the English interview.
    expect(page.locator("#not-scored")).to_contain_text("请介绍一下你自己")
    video = page.locator("#report video[data-question=intro]")
    first = video.get_attribute("src")
    expect(video).not_to_have_attribute("src", first or "", timeout=20000)
    renewed = video.get_attribute("src")
    assert renewed and "Signature" in renewed
    screenshot(page, "zh-report-not-judged")
    assert page.console_errors == []  # type: ignore[attr-defined]
