"""Every staff form of the Wagtail admin that is ours: our viewsets' add and edit forms, the
transition pages, the review workbench, the funded-project actions, evaluations, reports, schemes
and the catalogue tools. Fuzzed by `test_fuzz_admin.py` with the checks of `fuzzing`; the fields
are read from the rendered form unless listed (POST-only actions). Admin views of ours that read
input and are not fuzzed are in `NOT_FUZZED`, with the reason."""

from datetime import date

from tests.security import admin_setup as setup
from tests.security.forms import FormTarget, UploadTarget
from tests.security.hostile import XLSX, catalogue_xlsx


def _staff(name, url, **kwargs) -> FormTarget:
    return FormTarget(name, "staff", url, **kwargs)


REVIEW_ACTION = "/admin/review/calls/{review_call}/do/"

ADMIN_FORMS = [
    # --- organizations, sanctions, incubation bases --------------------------------------------
    _staff("admin organization create", "/admin/organizations/new/"),
    _staff("admin organization edit", "/admin/organizations/edit/{org_a}/"),
    _staff(
        "admin organization return",
        "/admin/organizations/transition/{org_a}/return_for_changes/",
        prepare=setup.organization_pending,
    ),
    _staff("admin sanction create", "/admin/sanctions/new/"),
    _staff("admin sanction edit", "/admin/sanctions/edit/{sanction}/"),
    _staff("admin sanction lift", "/admin/sanctions/lift/{sanction}/"),
    _staff("admin incubation base create", "/admin/incubation_bases/new/"),
    _staff("admin incubation base edit", "/admin/incubation_bases/edit/{base}/"),
    # --- calls and applications ----------------------------------------------------------------
    _staff("admin call create", "/admin/calls/new/"),
    _staff("admin call edit", "/admin/calls/edit/{call}/"),
    _staff("admin call transition", "/admin/calls/transition/{call}/close/"),
    _staff(
        "admin application return",
        "/admin/applications/transition/{submitted}/return_for_completion/",
        prepare=setup.application_submitted,
    ),
    _staff(
        "admin bulk screening",
        "/admin/bulk/grants/application/return_for_completion/",
        fields={"id": "{submitted}", "reason": "请补充材料"},
        prepare=setup.application_submitted,
    ),
    # --- expert review -------------------------------------------------------------------------
    _staff("admin expert create", "/admin/experts/new/"),
    _staff("admin expert edit", "/admin/experts/edit/{expert_profile}/"),
    _staff("review plan", "/admin/review/calls/{review_call}/plan/"),
    _staff(
        "review draw",
        REVIEW_ACTION + "draw/",
        fields={"category": "", "size": "1", "match_expertise": ""},
    ),
    _staff(
        "review line",
        REVIEW_ACTION + "line/",
        fields={
            "line": lambda world: str(world["review_call"].recommendation_lines.get().pk),
            "selected": "on",
            "amount": "30000.00",
            "reason": "按预算调整",
        },
        prepare=setup.recommendation_line,
    ),
    _staff(
        "review publish",
        REVIEW_ACTION + "publish/",
        fields={"start": lambda world: date.today().isoformat(), "contact": "0755-12345678"},
        prepare=setup.review_call_decided,
        button={"confirmed": "1"},  # past the confirmation of publishing, to the form
    ),
    _staff(
        "review settle objection",
        "/admin/review/calls/{publicity_call}/do/settle/",
        fields={
            "objection": "{objection}",
            "decision": "reject",
            "reason": "评分无误",
            "summary": "经复核，评分无误",
            "promote": "on",
        },
    ),
    _staff(
        "review rereview",
        REVIEW_ACTION + "rereview/",
        fields={
            "scoring_rule": "mean",
            "trim_threshold": "5",
            "min_score_to_fund": "70",
            "min_scores": "1",
            "blind": "",
            "total_budget": "1000000.00",
            "per_project_cap": "50000.00",
            "reason": "计分规则有误，重新评审",
        },
    ),
    _staff(
        "review correct publicity",
        "/admin/review/calls/{publicity_call}/do/correct/",
        fields={"contact": "0755-87654321", "reason": "联系电话有误"},
    ),
    _staff(
        "review workbench search",
        "/admin/review/calls/{review_call}/",
        fields={"q": "社区", "page": "1"},
        method="get",
    ),
    _staff(
        "review reopen sheet",
        REVIEW_ACTION + "reopen/",
        fields={"assignment": "{assignment}", "reason": "请补充评语"},
        prepare=setup.assignment_submitted,
    ),
    # --- funded projects -----------------------------------------------------------------------
    _staff("admin project edit", "/admin/funded_projects/edit/{project}/"),
    _staff("admin project suspend", "/admin/funded_projects/transition/{project}/suspend/"),
    _staff(
        "project payment",
        "/admin/funded_projects/inspect/{project}/payment/{project_tranche}/",
        prepare=setup.tranche_payable,
    ),
    _staff(
        "project report return",
        "/admin/funded_projects/inspect/{project}/report/{project_report}/return_for_revision/",
        prepare=setup.report_submitted,
    ),
    _staff(
        "project change reject",
        "/admin/funded_projects/inspect/{project}/change/{project_change}/reject/",
    ),
    _staff(
        "project photo public",
        "/admin/funded_projects/inspect/{project}/photo/{project_photo}/public/",
        fields={"public": "1"},
    ),
    _staff("project evaluation result", "/admin/funded_projects/inspect/{project}/evaluation/"),
    _staff("project terminate", "/admin/funded_projects/inspect/{project}/terminate/"),
    _staff(
        "project refund",
        "/admin/funded_projects/inspect/{project}/refund/",
        prepare=setup.project_terminated_with_refund,
    ),
    _staff("project payment plan", "/admin/funded_projects/inspect/{project}/plan/"),
    _staff(
        "project budget adjustment return",
        "/admin/funded_projects/inspect/{reduced_project}/adjustment/{budget_adjustment}"
        "/return_for_revision/",
        prepare=setup.adjustment_submitted,
    ),
    _staff("admin project terms create", "/admin/project_terms/new/"),
    _staff("admin project terms edit", "/admin/project_terms/edit/{project_terms}/"),
    # --- needs ---------------------------------------------------------------------------------
    _staff("admin need edit", "/admin/needs/edit/{need}/"),
    _staff("admin need close", "/admin/needs/transition/{need}/close/"),
    _staff("admin meeting create", "/admin/need_meetings/new/"),
    _staff("admin meeting edit", "/admin/need_meetings/edit/{meeting}/"),
    _staff("admin meeting unpublish", "/admin/need_meetings/transition/{meeting}/unpublish/"),
    # --- evaluations and reports ---------------------------------------------------------------
    _staff("evaluation commission", "/admin/evaluations/commission/"),
    _staff(
        "admin evaluation return",
        "/admin/evaluations/transition/{evaluation}/return_for_changes/",
        prepare=setup.evaluation_submitted,
    ),
    _staff(
        "admin report review",
        "/admin/performance_reports/transition/{performance_report}/review/",
        prepare=setup.report_generated,
    ),
    _staff(
        "report generate",
        "/admin/performance_reports/generate/{performance_report}/",
        fields={"version": "public"},
    ),
    _staff(
        "report batch",
        "/admin/performance_reports/batches/",
        fields={"call": "{evaluation_call}"},
    ),
    _staff("admin scheme create", "/admin/evaluation_schemes/new/"),
    _staff("admin scheme edit", "/admin/evaluation_schemes/edit/{unused_scheme}/"),
    _staff(
        "admin scheme copy",
        "/admin/evaluation_schemes/copy/{unused_scheme}/",
        fields={"name": "副本"},
    ),
    _staff("admin call evaluation settings create", "/admin/call_evaluation_settings/new/"),
    _staff(
        "admin call evaluation settings edit",
        "/admin/call_evaluation_settings/edit/{call_settings}/",
    ),
    # --- accounts (staff give role groups, never superuser rights) ------------------------------
    _staff("admin account create", "/admin/users/new/"),
    _staff("admin account edit", "/admin/users/edit/{user_member_b}/"),
    # --- listing filters, search and ordering (GET) --------------------------------------------
    _staff(
        "admin application listing",
        "/admin/applications/",
        fields={
            "call": "{call}",
            "state": "submitted",
            "category": "",
            "organization__kind": "",
            "q": "长者",
            "ordering": "-submitted_at",
            "p": "1",
        },
        method="get",
    ),
    _staff(
        "admin call listing",
        "/admin/calls/",
        fields={"state": "published", "kind": "venture", "q": "创投", "p": "1"},
        method="get",
    ),
    _staff(
        "admin organization listing",
        "/admin/organizations/",
        fields={
            "kind": "",
            "state": "verified",
            "status": "",
            "grade": "",
            "region_code": "440305",
            "credit_status": "",
            "q": "阳光",
            "ordering": "name",
            "p": "1",
        },
        method="get",
    ),
    _staff(
        "admin sanction listing",
        "/admin/sanctions/",
        fields={"status": "", "scope": "", "organization__name": "受限", "organization": ""},
        method="get",
    ),
    _staff(
        "admin need listing",
        "/admin/needs/",
        fields={
            "state": "published",
            "category": "",
            "urgency": "",
            "source": "",
            "region_code": "4403",
            "q": "助餐",
        },
        method="get",
    ),
    _staff(
        "admin incubation listing",
        "/admin/incubations/",
        fields={"base": "{base}", "state": "", "year": "2026", "reminder": ""},
        method="get",
    ),
    _staff(
        "admin project listing",
        "/admin/funded_projects/",
        fields={"state": "in_progress", "call": "", "q": "长者"},
        method="get",
    ),
    _staff(
        "admin evaluation listing",
        "/admin/evaluations/",
        fields={"state": "", "stage": "", "agency": "", "q": ""},
        method="get",
    ),
    _staff(
        "admin report listing",
        "/admin/performance_reports/",
        fields={"state": "", "job_state": "", "q": ""},
        method="get",
    ),
    _staff("need picture", "/admin/need_picture/", fields={"days": "30"}, method="get"),
    # --- two-person approvals (经办/审核) --------------------------------------------------------
    FormTarget(
        "approval decision",
        "approver",
        "/admin/approvals/{approval}/",
        fields={"reason": "金额需复核"},
        button={"decision": "reject"},
    ),
    _staff(
        "two-person rules",
        "/admin/approvals/rules/",
        fields={"action": "pay_tranche", "required": "", "reason": "本单位只有一名工作人员"},
        prepare=setup.system_admin,
    ),
    # --- the year's holiday arrangement (system administrators) ---------------------------------
    _staff(
        "holiday arrangement create",
        "/admin/holiday_arrangements/new/",
        prepare=setup.system_admin,
    ),
    _staff(
        "holiday arrangement edit",
        "/admin/holiday_arrangements/edit/{holiday_arrangement}/",
        prepare=setup.system_admin,
    ),
    # --- catalogue tools (CMS moderators) ------------------------------------------------------
    _staff(
        "catalogue copy",
        "/admin/catalogue-tools/{catalogue}/copy/",
        prepare=setup.catalogue_moderator,
    ),
]

CATALOGUE_IMPORT = UploadTarget(
    "catalogue import",
    "staff",
    "/admin/catalogue-tools/{catalogue}/import/",
    "file",
    {},
    "cms.CatalogueEntryPage",
    stored=("pk", "title"),
    valid=("目录.xlsx", catalogue_xlsx, XLSX),
    name_field="",
    prepare=setup.catalogue_moderator,
)
ADMIN_UPLOADS = [CATALOGUE_IMPORT]
# Uploads read as spreadsheets: they also get `hostile.HOSTILE_SPREADSHEETS`.
SPREADSHEET_UPLOADS = [CATALOGUE_IMPORT]

# Admin views of ours that read submitted data but are not fuzzed, with the reason. What they
# refuse is proven for every role by the permission matrix (tests/security/access_table.py).
NOT_FUZZED = {
    f"{viewset}:delete": "no fields (a confirmation), and refused to every role: records are kept"
    for viewset in (
        "applications",
        "call_evaluation_settings",
        "calls",
        "evaluation_schemes",
        "evaluations",
        "experts",
        "funded_projects",
        "incubation_bases",
        "incubations",
        "need_meetings",
        "needs",
        "organizations",
        "performance_reports",
        "project_terms",
        "sanctions",
        "wagtailusers_users",
    )
} | {
    "holiday_arrangements:delete": "no fields: a confirmation, for system administrators only",
    "applications:add": "refused to every role: applications are written by organizations",
    "applications:edit": "refused to every role: applications are written by organizations",
    "evaluations:add": "refused to every role: staff commission evaluations (fuzzed)",
    "evaluations:edit": "refused to every role: evaluators write them in the portal (fuzzed)",
    "performance_reports:add": "refused to every role: reports are generated (fuzzed)",
    "performance_reports:edit": "refused to every role: reports are generated, not typed",
    "funded_projects:add": "refused to every role: projects come from the award",
    "incubations:add": "refused to every role: organizations apply in the portal (fuzzed)",
    "incubations:edit": "refused to every role: the portal's forms change incubations (fuzzed)",
    "incubations:transition": "refused to every role: base managers decide in the portal (fuzzed)",
    "wagtailusers_users:copy": "shows the account form filled in; it posts to users:add (fuzzed)",
    "needs:add": "refused to every role: needs are raised in the portal or the public form",
    "inbox_read_all": "no fields: marks the signed-in person's own messages read",
}
