"""合同公告 from the project's data: when staff confirm the contract of a purchase project
(`projects.signals.contract_confirmed`), the public site gets a contract announcement built from
the same facts the PDF contract shows (`projects.public.contract_facts`).

* Runs after the confirming transaction commits, so a problem on the site never undoes a signed
  contract; it is logged instead.
* Idempotent: one announcement per project (its slug is `contract-<project id>`).
* The announcement is published at once when the purchase announcement of the call can be found
  (a live 政府购买服务项目公告 with the call's title), which the announcement page requires before
  publication. Otherwise it is saved as a draft for editors to link and publish.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def slug_for(project_id: int) -> str:
    return f"contract-{project_id}"


def publish_contract(project_id: int):
    """Create (and if possible publish) the 合同公告 of project `project_id`. Returns the page."""
    from cms.models import AnnouncementIndexPage, ContractAnnouncementPage, PurchaseAnnouncementPage
    from projects.models import FundedProject
    from projects.public import contract_facts

    existing = ContractAnnouncementPage.objects.filter(slug=slug_for(project_id)).first()
    if existing:
        return existing
    parent = AnnouncementIndexPage.objects.live().first()
    if parent is None:
        logger.warning(
            "No announcement index page: contract of project %s not announced", project_id
        )
        return None
    facts = contract_facts(
        FundedProject.objects.select_related("call__department").get(pk=project_id)
    )
    purchase = PurchaseAnnouncementPage.objects.live().filter(title=facts["call_title"]).first()
    page = ContractAnnouncementPage(
        title=_("%(title)s合同公告") % {"title": facts["title"]},
        slug=slug_for(project_id),
        purchase=purchase,
        contract_number=facts["number"],
        purchaser=facts["purchaser"],
        provider=facts["provider"],
        signed_on=facts["signed_on"],
        content=facts["content"] or facts["title"],
        term_start=facts["starts_on"],
        term_end=facts["ends_on"],
        quantity=facts["quantity_quality"],
        price=facts["amount"],
        settlement=facts["settlement"],
        rights_and_duties=_("按双方签订的政府购买服务合同执行。"),
        liability=_("按双方签订的政府购买服务合同执行。"),
        live=False,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if purchase is not None:
        revision.publish()
    else:
        logger.info("Contract of project %s saved as a draft: no purchase announcement", project_id)
    return page


def on_contract_confirmed(sender, *, project, by=None, **kwargs):
    project_id = project.pk

    def run():
        try:
            publish_contract(project_id)
        except Exception:  # the site must never undo or block a signed contract
            logger.exception("Contract announcement of project %s failed", project_id)

    transaction.on_commit(run)
