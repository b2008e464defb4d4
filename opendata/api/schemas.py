"""The shapes of the answers and of the query strings, for the OpenAPI document (django-ninja
builds it from these). Tests validate served answers against the document, so it cannot drift
from what is served; every field is one a public page already shows."""

from ninja import Field, Schema
from pydantic import ConfigDict

MONEY = "金额（元），两位小数的十进制字符串，如 120000.00"
MOMENT = "北京时间的 ISO 8601 时刻（+08:00）"
DAY = "ISO 8601 日期（北京时间）"


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class Error(Strict):
    detail: str = Field(description="错误说明（中文）")
    errors: dict[str, str] | None = Field(None, description="参数名 → 错误说明")
    retry_after: int | None = Field(None, description="可再次请求前须等待的秒数（429）")


class Page(Strict):
    count: int = Field(description="符合条件的记录总数")
    page: int = Field(description="页码，从 1 起")
    page_size: int
    pages: int = Field(description="总页数（至少 1）")
    next: str | None = Field(description="下一页的路径，无则为 null")
    previous: str | None = Field(description="上一页的路径，无则为 null")


# --- query strings ------------------------------------------------------------------------------
PAGE = Field(None, description="页码，从 1 起（默认 1）", examples=["1"])
PAGE_SIZE = Field(None, description="每页条数，1–200（默认 50）", examples=["50"])
YEAR = Field(None, description="年度（四位数字，北京时间）", examples=["2026"])
DEPARTMENT = Field(None, description="部门全称，与公开页面所示一致")
REGION = Field(
    None,
    description="行政区划代码（GB/T 2260，6 位；或街道 9 位），含其下各级",
    examples=["440305"],
)
CATEGORY = Field(None, description="服务领域名称，与公开页面所示一致", examples=["养老服务"])


class CallQuery(Schema):
    page: str | None = PAGE
    page_size: str | None = PAGE_SIZE
    year: str | None = Field(None, description="申报开始时间所在年度（北京时间）")
    department: str | None = DEPARTMENT
    category: str | None = CATEGORY
    state: str | None = Field(
        None,
        description="征集状态：published 征集中、closed 已截止、reviewing 评审中、"
        "publicity 公示中、decided 已确定、archived 已归档",
    )


class PublicityQuery(Schema):
    page: str | None = PAGE
    page_size: str | None = PAGE_SIZE
    year: str | None = Field(None, description="公示发布时间所在年度（北京时间）")
    department: str | None = DEPARTMENT
    category: str | None = CATEGORY
    state: str | None = Field(
        None, description="publicity 公示中（尚未公布立项结果）、decided 已公布立项结果"
    )


class EvaluationQuery(Schema):
    page: str | None = PAGE
    page_size: str | None = PAGE_SIZE
    year: str | None = Field(None, description="评估结果公开时间所在年度（北京时间）")
    department: str | None = DEPARTMENT
    region: str | None = REGION
    category: str | None = CATEGORY


class MappedQuery(Schema):
    page: str | None = PAGE
    page_size: str | None = PAGE_SIZE
    year: str | None = YEAR
    department: str | None = DEPARTMENT
    region: str | None = REGION
    category: str | None = CATEGORY


class ReleaseQuery(MappedQuery):
    state: str | None = Field(
        None, description="采购阶段（OCDS tag）：tender、award、contract、implementation"
    )


# --- calls --------------------------------------------------------------------------------------
class CallCategory(Strict):
    name: str = Field(description="服务领域")
    description: str
    quota_count: int | None = Field(description="拟资助项目数，null 为不限")
    quota_budget: str | None = Field(description=MONEY + "；null 为不限")


class Call(Strict):
    id: int
    title: str = Field(description="征集名称")
    kind: str = Field(description="venture 公益创投、purchase 政府购买服务")
    kind_label: str
    edition: str = Field(description="届次/批次")
    state: str
    state_label: str
    department: str = Field(description="主办部门")
    summary: str
    opens_at: str = Field(description="申报开始，" + MOMENT)
    closes_at: str = Field(description="申报截止，" + MOMENT)
    completion_deadline: str = Field(description="补正截止，" + MOMENT)
    review_ends_at: str | None = Field(description="评审结束，" + MOMENT)
    publicity_working_days: int = Field(description="公示期（工作日）")
    total_budget: str = Field(description="资金总额，" + MONEY)
    per_project_cap: str = Field(description="单个项目上限，" + MONEY)
    project_period_months: int = Field(description="项目周期上限（月）")
    categories: list[CallCategory]
    url: str = Field(description="公开页面的路径")


class CallPage(Page):
    results: list[Call]


# --- 公示 ----------------------------------------------------------------------------------------
class PublicityEntry(Strict):
    position: int | None = Field(description="序号")
    project: str = Field(description="项目名称")
    organization: str = Field(description="申报单位")
    category: str = Field(description="服务领域")
    amount: str | None = Field(description="拟资助金额，" + MONEY)
    cancelled: bool = Field(description="已取消资助（更正公告）")
    promoted: bool = Field(description="递补")
    score: str | None = Field(None, description="评审得分（仅当征集公开得分）")
    starts_on: str | None = Field(None, description="递补项目公示开始，" + DAY)
    ends_on: str | None = Field(None, description="递补项目公示结束，" + DAY)


class Notice(Strict):
    published_at: str = Field(description=MOMENT)
    text: str


class Document(Strict):
    number: int = Field(description="版本号")
    published_at: str = Field(description=MOMENT)
    correction: str = Field(description="更正说明（首版为空）")
    url: str = Field(description="存档 PDF 的路径")


class ResultEntry(Strict):
    project: str
    organization: str = Field(description="承接单位")
    category: str
    amount: str | None = Field(description="资助金额，" + MONEY)


class Result(Strict):
    title: str
    decided_on: str | None = Field(description="确定立项日期，" + DAY)
    published_at: str | None = Field(description=MOMENT)
    entries: list[ResultEntry]
    total: str | None = Field(description="合计，" + MONEY)
    documents: list[Document]
    url: str


class Publicity(Strict):
    id: int
    title: str
    call: str = Field(description="征集名称")
    department: str
    working_days: int | None = Field(description="公示期（工作日）")
    starts_on: str | None = Field(description=DAY)
    ends_on: str | None = Field(description=DAY)
    objections_until: str | None = Field(description="异议受理截止，" + DAY)
    published_at: str = Field(description=MOMENT)
    plan: str = Field(description="评审方案")
    contact: str = Field(description="异议受理联系方式")
    show_scores: bool
    entries: list[PublicityEntry]
    experts: list[str] = Field(description="评审专家（仅当征集公开专家名单）")
    notices: list[Notice] = Field(description="公示期间的更正与处理结果")
    documents: list[Document] = Field(description="公示存档")
    result: Result | None = Field(description="立项结果，尚未公布为 null")
    url: str


class PublicityPage(Page):
    results: list[Publicity]


# --- evaluation results -------------------------------------------------------------------------
class Evaluation(Strict):
    id: int
    call_id: int
    call: str = Field(description="征集名称")
    project: str = Field(description="项目")
    organization: str = Field(description="实施单位")
    stage: str = Field(description="midterm 中期评估、final 终期评估")
    stage_label: str = Field(description="评估类型")
    agency: str = Field(description="评估机构")
    total_score: str | None = Field(description="总分")
    grade: str = Field(description="等级")
    published_on: str | None = Field(description="公开日期，" + DAY)
    report_pdf: str | None = Field(description="公开版绩效评价报告（PDF）的路径，未公开为 null")
    url: str = Field(description="该征集评估结果页面的路径")


class EvaluationPage(Page):
    results: list[Evaluation]


# --- the standards (their own schemas: OCDS 1.1.5 release, 360Giving 1.4.3 grant) -------------
class ReleasePage(Page):
    results: list[dict] = Field(description="OCDS 1.1.5 release（见 release-schema.json）")


class GrantPage(Page):
    results: list[dict] = Field(description="360Giving 1.4.3 grant（见 360-giving-schema.json）")
