"""What follows each move of a project, whichever door it came through (portal, admin button,
evaluation result, scheduled job). Runs inside the transition's transaction, from
`FundedProject.after_transition`, so a failure undoes the move too. Nothing slow runs here (the
row lock is held): the agreement PDF is laid out after commit, in a task.

* 确认签约: the period is fixed, the payee account is copied from the organization, the confirmed
  text is kept (its HTML now, its PDF after commit),
  the due reports are created, tranches waiting for the signature (or a date already past) become
  payable; a purchase contract is announced (`projects.signals.contract_confirmed`).
* 中期评估通过: tranches waiting for it become payable.
* 中期评估未通过 / 暂停: every unpaid tranche is 暂停.
* 恢复实施: suspended tranches return to the plan; those whose event already happened are payable.
* 终止: every unpaid tranche is cancelled.
"""

from django.utils import timezone

from projects.models import FundedProject, TrancheTrigger
from projects.signals import contract_confirmed


def on_project_transition(project, name, *, by, reason):
    from projects import tranches

    if name == "confirm_agreement":
        _agreement_confirmed(project, by=by)
    elif name == "pass_midterm":
        tranches.release(project, TrancheTrigger.MIDTERM_PASSED, by=by)
    elif name in ("fail_midterm", "suspend"):
        tranches.stop_open(project, by=by, reason=reason)
    elif name == "resume":
        tranches.unsuspend_all(project, by=by, reason=reason)
        tranches.release_already_met(project, by=by)
    elif name == "terminate":
        tranches.stop_open(project, by=by, reason=reason, cancel=True)


def _agreement_confirmed(project, *, by):
    from core.pdf import render_html
    from projects.agreement import TEMPLATE, agreement_context, planned_period, queue_agreement_pdf
    from projects.reporting import generate_reports
    from projects.tranches import release

    today = timezone.localdate()
    project.starts_on, project.ends_on = planned_period(project, today=today)
    org = project.organization
    project.payee_account_name = org.bank_account_name
    project.payee_bank_name = org.bank_name
    project.payee_account_number = org.bank_account_number
    # The text as confirmed is frozen now; laying it out as a PDF takes seconds and waits until
    # the row lock is released.
    project.agreement_html = render_html(TEMPLATE, agreement_context(project))
    FundedProject.objects.filter(pk=project.pk).update(
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        agreement_html=project.agreement_html,
        payee_account_name=project.payee_account_name,
        payee_bank_name=project.payee_bank_name,
        payee_account_number=project.payee_account_number,
    )
    queue_agreement_pdf(project)
    generate_reports(project)
    release(project, TrancheTrigger.AGREEMENT_SIGNED, by=by, today=today)
    release(project, TrancheTrigger.DATE, by=by, today=today)
    if project.is_purchase:
        contract_confirmed.send(sender=FundedProject, project=project, by=by)
