"""Steps of the evaluation journey (issue #10, journey 3), written as the evaluator types them.

The demo evaluation (reports/demo.py) arrives partly scored: the input and process indicators
carry values, the output and effect indicators do not. `SCORES` are what the evaluator enters
for the rest; the expected total is the demo's values plus these, so the test does not depend
on the demo's exact figures.
"""

import datetime
from decimal import Decimal
from io import BytesIO

from playwright.sync_api import Page, expect

EVALUATOR_EMAIL = "evaluator@demo.gongyi.cn"
PROJECT = "“银龄同行”独居长者关爱计划"
CALL = "2025年南山区第四届公益创投大赛"

# code: (indicator name, value, basis) — the leaves the demo left empty, plus one bonus item.
SCORES = {
    "3.1.1": ("服务人次完成率", "9", "计划探访4000人次，实际完成3620人次，完成率90.5%。"),
    "3.2.1": ("服务质量达标率", "7.5", "抽查探访记录60份，57份符合服务标准。"),
    "3.3.1": ("完成及时性", "6", "各阶段活动按协议进度完成，无逾期。"),
    "3.4.1": ("成本控制", "5", "单次探访成本28元，略高于预算标准25元。"),
    "4.1.1": ("服务对象问题改善", "6", "前后测显示孤独感量表平均分下降18%。"),
    "4.1.2": ("社区参与与资源链接", "4", "招募邻里互助员46名，链接2家爱心企业。"),
    "4.2.1": ("长效机制建设", "3.5", "成立长者互助小组3个，已能自主运作。"),
    "4.2.2": ("经验总结与推广", "3", "编写探访案例集1册，尚未在区外推广。"),
    "B1": ("获得市级以上表彰或主流媒体正面报道", "1", "《深圳特区报》正面报道1次。"),
}

# Field name → text; the demo already wrote 基本概况 (overview).
NARRATIVE = {
    "二、绩效评价的组织实施情况": "评估组于项目结项前开展资料查阅、入户访谈和满意度调查。",
    "三、绩效评价指标体系、评价标准和评价方法": "采用投入—过程—产出—效果通用指标体系，按分值计分。",
    "四、绩效目标的实现程度": "探访网络覆盖186名独居长者，主要产出指标基本完成。",
    "五、存在问题及原因分析": "夜间紧急联络不畅：项目热线13612345678夜间无人值守。",
    "六、评价结论及建议": "项目总体成效良好，建议建立夜间轮值制度。",
    "七、其他需要说明的问题": "无。",
}
INTERNAL_NOTE = "机构财务负责人口头承诺补交两张票据，待复核。"
NARRATIVE_PHONE = "13612345678"
INTERVIEWEE = "服务对象李阿姨，电话13900001111"
INTERVIEW_SUMMARY = "入户访谈服务对象5名，反映探访及时、志愿者态度好。"

# The grading bands of the shipped scheme (reports/shipped.py DEFAULT_BANDS), highest first.
BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))


def expected_result(evaluation) -> tuple[Decimal, str]:
    """The demo's stored leaf values plus `SCORES`: (total, grade), as the scheme defines them."""
    demo_values = sum(
        (
            s.value
            for s in evaluation.scores.select_related("indicator")
            if s.indicator.kind == "normal" and s.value is not None
        ),
        Decimal(0),
    )
    typed = sum((Decimal(value) for _name, value, _basis in SCORES.values()), Decimal(0))
    total = min(demo_values + typed, Decimal(100)).quantize(Decimal("0.01"))
    grade = next(label for floor, label in BANDS if total >= floor)
    return total, grade


def fill_scores(page: Page) -> None:
    """On 逐项评分: each value by its label, its basis in the same row."""
    for code, (name, value, basis) in SCORES.items():
        field = page.get_by_label(f"{code} {name} 得分", exact=True)
        field.fill(value)
        page.get_by_role("row").filter(has=field).get_by_label("评分依据").fill(basis)


def expect_scores_kept(page: Page) -> None:
    """After saving, each value comes back with two decimals and its basis beside it."""
    for code, (name, value, basis) in SCORES.items():
        field = page.get_by_label(f"{code} {name} 得分", exact=True)
        expect(field).to_have_value(f"{Decimal(value):.2f}")
        expect(page.get_by_role("row").filter(has=field).get_by_label("评分依据")).to_have_value(
            basis
        )


def write_narrative(page: Page) -> None:
    for heading, text in NARRATIVE.items():
        page.get_by_label(heading, exact=True).fill(text)
    page.get_by_label("内部备注", exact=True).fill(INTERNAL_NOTE)


def record_interview(page: Page) -> None:
    """The 实地评估记录 form of the evaluation page: an interview held today."""
    box = page.locator("section.card").filter(has=page.get_by_role("heading", name="实地评估记录"))
    box.get_by_label("方式").select_option(label="访谈")
    box.get_by_label("日期").fill(datetime.date.today().isoformat())
    box.get_by_label("地点").fill("南头街道独居长者家中")
    box.get_by_label("参与/受访人员").fill(INTERVIEWEE)
    box.get_by_label("情况摘要").fill(INTERVIEW_SUMMARY)
    box.get_by_role("button", name="添加记录").click()
    expect(messages(page)).to_have_text("实地评估记录已保存。")


def messages(page: Page):
    """The flash messages: the live region around the page's message list."""
    return page.get_by_role("status").filter(has=page.locator("ul.messages"))


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
