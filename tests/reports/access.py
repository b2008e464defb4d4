"""The reports app's part of the permission matrix (tests/security): the objects it needs in the
world and the expected outcome of every reports URL for every role.

`build_reports_world(world)` is called at the end of `tests.security.world.build_world`;
`ENTRIES` is merged into `tests.security.access_table.ENTRIES`.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.security.matrix import DENIED, LOGIN, NOT_ALLOWED, OK, REDIRECT, Case, Lit


def build_reports_world(world) -> None:
    """An evaluation of a running project of organization A, in progress, whose agency is
    administered by the world's evaluator (assigned to it); a generated report version; an
    unused scheme; the call's evaluation settings."""
    from core.workflow import perform_transition
    from orgs.models import MemberRole, OrgKind
    from reports.actions import assign_evaluators, commission_evaluations, copy_scheme
    from reports.models import (
        CallEvaluationSettings,
        EvaluationScheme,
        Evidence,
        GenerationBatch,
        ReportVersion,
    )
    from tests.factories import OrganizationFactory, add_member
    from tests.reports.conftest import MIDTERM_SCHEME, make_running_project

    o = world.objects
    staff, evaluator = world.users["staff"], world.users["evaluator"]
    agency = OrganizationFactory(name="公益评估中心", kind=OrgKind.EVALUATION_AGENCY)
    add_member(evaluator, agency, MemberRole.ADMIN)
    project = make_running_project(organization=o["org_a"], name="评估中的项目")
    scheme = EvaluationScheme.objects.get(name=MIDTERM_SCHEME)
    evaluation = commission_evaluations(
        [project],
        stage="midterm",
        agency=agency,
        scheme=scheme,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        by=staff,
    )[0]
    assign_evaluators(evaluation, [evaluator], by=evaluator)
    evaluation = perform_transition(evaluation, "start", by=evaluator)
    evidence = Evidence(
        evaluation=evaluation,
        title="活动照片",
        original_name="photo.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=evaluator,
    )
    evidence.file.save("photo.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    evidence.save()
    report = evaluation.report
    version = ReportVersion(report=report, number=1, digest="0" * 64, size=15, public_size=15)
    version.private_file.save("internal.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    version.public_file.save("public.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    version.save()
    o["evaluation"] = evaluation
    o["evaluation_evidence"] = evidence
    o["performance_report"] = report
    o["report_version"] = version
    o["report_batch"] = GenerationBatch.objects.create(call=project.call, requested_by=staff)
    o["evaluation_call"] = project.call
    o["unused_scheme"] = copy_scheme(scheme, by=staff)
    o["call_settings"] = CallEvaluationSettings.objects.create(call=project.call)
    o["survey_token"] = evaluation.survey.token


ROLES = (
    "anonymous",
    "member_a",
    "member_b",
    "expert_assigned",
    "expert_other",
    "evaluator",
    "incubator_manager",
    "staff",
)


def roles(default, **overrides) -> dict:
    return {role: overrides.get(role, default) for role in ROLES}


def post_refused(*allowed, **outcomes):
    refused = {r: DENIED for r in ROLES if r not in allowed}
    refused["anonymous"] = LOGIN
    refused.update(outcomes)
    return refused


EVERYONE = roles(OK)
SIGNED_IN = roles(OK, anonymous=LOGIN)
POST_ONLY = roles(NOT_ALLOWED, anonymous=LOGIN)
EVALUATOR_OR_STAFF = roles(DENIED, anonymous=LOGIN, evaluator=OK, staff=OK)
NO_ADMIN = {r: LOGIN for r in ROLES if r not in ("staff", "incubator_manager")}
STAFF_ADMIN = {**NO_ADMIN, "staff": OK, "incubator_manager": DENIED}
NOT_IN_ADMIN = {**NO_ADMIN, "staff": DENIED, "incubator_manager": DENIED}
STAFF_REDIRECT = {**NO_ADMIN, "staff": REDIRECT, "incubator_manager": DENIED}

EV = {"pk": "evaluation"}
RP = {"pk": "performance_report"}


def _viewset(prefix, obj, expect, **overrides):
    pk = {"pk": obj}
    views = {
        "index": {},
        "index_results": {},
        "add": {},
        "edit": pk,
        "delete": pk,
        "history": pk,
        "history_results": pk,
        "usage": pk,
        "inspect": pk,
    }
    entries = {}
    for view, kwargs in views.items():
        outcome = overrides.get(view, expect)
        if outcome is not None:
            entries[f"{prefix}:{view}"] = Case(outcome, kwargs=kwargs)
    return entries


def _transition(prefix, obj, name, expect):
    return {
        f"{prefix}:transition": Case(
            expect,
            kwargs={"pk": obj, "name": Lit(name)},
            post={r: o for r, o in expect.items() if o != OK and o != REDIRECT},
        )
    }


ENTRIES = {
    # --- portal: evaluations (the world's evaluator administers the agency and is assigned) --
    "portal:evaluation_list": Case(SIGNED_IN),
    "portal:evaluation_detail": Case(EVALUATOR_OR_STAFF, kwargs=EV),
    "portal:evaluation_scores": Case(EVALUATOR_OR_STAFF, kwargs=EV),
    "portal:evaluation_narrative": Case(EVALUATOR_OR_STAFF, kwargs=EV),
    "portal:evaluation_assign": Case(POST_ONLY, kwargs=EV, post=post_refused("evaluator")),
    "portal:evaluation_evidence_upload": Case(POST_ONLY, kwargs=EV, post=post_refused("evaluator")),
    "portal:evaluation_evidence_download": Case(
        EVALUATOR_OR_STAFF, kwargs={**EV, "evidence_pk": "evaluation_evidence"}
    ),
    "portal:evaluation_activity_add": Case(POST_ONLY, kwargs=EV, post=post_refused("evaluator")),
    "portal:evaluation_offline_survey_add": Case(
        POST_ONLY, kwargs=EV, post=post_refused("evaluator")
    ),
    "portal:evaluation_transition": Case(
        POST_ONLY, kwargs={**EV, "name": Lit("submit")}, post=post_refused("evaluator")
    ),
    "portal:evaluation_survey_link": Case(EVALUATOR_OR_STAFF, kwargs=EV),
    "portal:evaluation_survey_sheet": Case(EVALUATOR_OR_STAFF, kwargs=EV),
    "portal:evaluation_survey_codes": Case(
        POST_ONLY, kwargs=EV, post=post_refused("evaluator", "staff")
    ),
    "portal:evaluation_survey_sms": Case(
        POST_ONLY, kwargs=EV, post=post_refused("evaluator", "staff")
    ),
    # --- public: results, disclosure, figures, survey -----------------------------------------
    "evaluations_public:index": Case(EVERYONE),
    "evaluations_public:call": Case(
        roles(DENIED), kwargs={"pk": "evaluation_call"}, note="no published result yet: 404"
    ),
    "evaluations_public:call_xlsx": Case(
        roles(DENIED), kwargs={"pk": "evaluation_call"}, note="no published result yet: 404"
    ),
    "evaluations_public:report_pdf": Case(
        roles(DENIED), kwargs=RP, note="the report is not published: 404"
    ),
    "evaluations_public:lottery": Case(EVERYONE, kwargs={"year": Lit(2026)}),
    "evaluations_public:figures": Case(EVERYONE),
    "evaluations_public:survey": Case(
        roles(OK, member_a=DENIED),
        kwargs={"token": "survey_token"},
        note="members of the evaluated organization may not answer its survey",
    ),
    "evaluations_public:survey_thanks": Case(EVERYONE, kwargs={"token": "survey_token"}),
    # --- admin -----------------------------------------------------------------------------------
    "evaluations:commission": Case(STAFF_ADMIN),
    "evaluation_schemes:copy": Case(
        STAFF_REDIRECT,
        kwargs={"pk": "unused_scheme"},
        post={r: o for r, o in NOT_IN_ADMIN.items() if r != "staff"},
    ),
    "performance_reports:generate": Case(
        {**NOT_IN_ADMIN, "staff": NOT_ALLOWED},
        kwargs=RP,
        post={r: o for r, o in NOT_IN_ADMIN.items() if r != "staff"},
    ),
    "performance_reports:version": Case(
        STAFF_ADMIN, kwargs={"pk": "report_version", "kind": Lit("public")}
    ),
    "performance_reports:batches": Case(STAFF_ADMIN),
    "performance_reports:batch": Case(STAFF_ADMIN, kwargs={"pk": "report_batch"}),
    "performance_reports:call_summary": Case(STAFF_ADMIN, kwargs={"pk": "evaluation_call"}),
    "performance_reports:dashboard": Case(STAFF_ADMIN),
}
# Evaluations and reports are written in the portal; staff view them and move them only.
ENTRIES |= _viewset(
    "evaluations",
    "evaluation",
    NOT_IN_ADMIN,
    index=STAFF_ADMIN,
    index_results=STAFF_ADMIN,
    inspect=STAFF_ADMIN,
)
ENTRIES |= _transition("evaluations", "evaluation", "submit", NOT_IN_ADMIN)
ENTRIES |= _viewset(
    "performance_reports",
    "performance_report",
    NOT_IN_ADMIN,
    index=STAFF_ADMIN,
    index_results=STAFF_ADMIN,
    inspect=STAFF_ADMIN,
)
# A draft report cannot be reviewed yet: staff are sent back to it with the reason.
ENTRIES |= _transition(
    "performance_reports", "performance_report", "review", {**NOT_IN_ADMIN, "staff": REDIRECT}
)
ENTRIES |= _viewset("evaluation_schemes", "unused_scheme", STAFF_ADMIN, delete=NOT_IN_ADMIN)
ENTRIES |= _viewset(
    "call_evaluation_settings", "call_settings", STAFF_ADMIN, delete=NOT_IN_ADMIN, inspect=None
)
