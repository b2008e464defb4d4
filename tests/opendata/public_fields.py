"""What each public page shows, field by field: the API may return these and nothing else.

`PAGES[endpoint]` maps an API field (a dotted path; list items share their list's path) to the
label under which the public page prints it. `IDENTIFIERS` are not page content but the
record's number and addresses (its page, its PDFs), which every page's links already carry.
"""

IDENTIFIERS = {"id", "call_id", "url", "documents.url", "result.url", "result.documents.url"}

CALL_PAGE = {  # templates/cms/call_page.html
    "title": "征集名称 (h1)",
    "kind": "征集类型 (value)",
    "kind_label": "征集类型 (value)",
    "edition": "届次 (value)",
    "state": "状态 (value)",
    "state_label": "状态 (value)",
    "department": "购买主体",
    "summary": "摘要",
    "opens_at": "申报时间",
    "closes_at": "申报时间",
    "completion_deadline": "补正截止",
    "review_ends_at": "评审结束",
    "publicity_working_days": "公示期",
    "total_budget": "资金总额（元）",
    "per_project_cap": "单个项目上限（元）",
    "project_period_months": "项目周期",
    "categories": "服务领域",
    "categories.name": "服务领域",
    "categories.description": "说明",
    "categories.quota_count": "拟资助项目数",
    "categories.quota_budget": "资金额度（元）",
}

PUBLICITY_PAGE = {  # templates/review/public/publicity_detail.html
    "title": "公示标题 (h1)",
    "call": "拟对",
    "department": "经专家评审",
    "working_days": "个工作日",
    "starts_on": "公示期为",
    "ends_on": "公示期为",
    "objections_until": "异议受理",
    "published_at": "发布时间",
    "plan": "评审方案",
    "contact": "联系方式",
    "show_scores": "评审得分",
    "entries": "拟资助项目名单",
    "entries.position": "序号",
    "entries.project": "项目名称",
    "entries.organization": "申报单位",
    "entries.category": "服务领域",
    "entries.amount": "拟资助金额（元）",
    "entries.cancelled": "已取消",
    "entries.promoted": "递补",
    "entries.score": "评审得分",
    "entries.starts_on": "递补，公示期",
    "entries.ends_on": "递补，公示期",
    "experts": "评审专家",
    "notices": "公示期间的更正与处理结果",
    "notices.published_at": "公示期间的更正与处理结果",
    "notices.text": "公示期间的更正与处理结果",
    "documents": "公示存档",
    "documents.number": "第1版",
    "documents.published_at": "公示存档",
    "documents.correction": "更正",
    "result": "立项结果 (link)",
}

RESULT_PAGE = {  # templates/review/public/result_detail.html
    "result.title": "立项结果标题 (h1)",
    "result.decided_on": "确定立项",
    "result.published_at": "发布时间",
    "result.entries": "立项项目名单",
    "result.entries.project": "项目名称",
    "result.entries.organization": "承接单位",
    "result.entries.category": "服务领域",
    "result.entries.amount": "资助金额（元）",
    "result.total": "合计",
    "result.documents": "立项结果存档",
    "result.documents.number": "立项结果存档",
    "result.documents.published_at": "立项结果存档",
    "result.documents.correction": "更正",
}

EVALUATION_PAGE = {  # templates/reports/public/call.html and its spreadsheet (results.xlsx)
    "call": "评估结果",
    "project": "项目",
    "organization": "实施单位",
    "stage": "评估类型",
    "stage_label": "评估类型",
    "agency": "评估机构",
    "total_score": "总分",
    "grade": "等级",
    "published_on": "公开日期",
    "report_pdf": "绩效评价报告（PDF）",
}

PAGES = {
    "calls": CALL_PAGE,
    "publicity": {**PUBLICITY_PAGE, **RESULT_PAGE},
    "evaluations": EVALUATION_PAGE,
}

# Labels that are the page's own words for a value (checked as values, not as labels).
VALUE_LABELS = {
    "征集名称 (h1)",
    "征集类型 (value)",
    "届次 (value)",
    "状态 (value)",
    "公示标题 (h1)",
    "立项结果标题 (h1)",
    "立项结果 (link)",
    "摘要",
}


def paths(value, prefix="") -> set[str]:
    """Every field path of an API record: nested objects and list items included."""
    found = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            found |= paths(inner, path)
    elif isinstance(value, list):
        for item in value:
            found |= paths(item, prefix)
    return found


def shown(value, prefix="") -> set[str]:
    """The paths whose value is not empty (the page prints a label only for those)."""
    found = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            if inner not in (None, "", [], False):
                found.add(path)
            found |= shown(inner, path)
    elif isinstance(value, list):
        for item in value:
            found |= shown(item, prefix)
    return found
