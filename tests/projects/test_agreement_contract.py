"""The agreement as a contract (issue 18, point 4): amounts in 大写, the payee account kept in the
confirmed text, signature dates, effectiveness, copies and the dispute clause."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.money import figures, rmb_capitals
from orgs.bank import set_bank_account
from orgs.models import Organization
from projects.agreement import render_agreement_pdf
from tests.projects.test_agreement import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("120000.00", "人民币壹拾贰万元整"),
        ("1234.56", "人民币壹仟贰佰叁拾肆元伍角陆分"),
        ("100000.05", "人民币壹拾万元零伍分"),
        ("0", "人民币零元整"),
        # Zeros inside the number are read once (支付结算办法 rules for 大写).
        ("1005", "人民币壹仟零伍元整"),
        ("20300.07", "人民币贰万零叁佰元零柒分"),
        ("100010000", "人民币壹亿零壹万元整"),
        ("10.50", "人民币壹拾元伍角"),
    ],
)
def test_amount_in_chinese_capitals(amount, words):
    assert rmb_capitals(amount) == words


def test_amount_in_figures_has_thousands_separators():
    assert figures("1234567.5") == "1,234,567.50"


def test_agreement_pdf_is_a_contract(project, org_a):
    text = pdf_text(render_agreement_pdf(project))
    assert "人民币100,000.00元（大写：人民币壹拾万元整）" in text
    assert org_a.bank_account_number in text and "中国工商银行深圳南山支行" in text
    assert "乙方收款户名阳光社工服务中心" in text
    assert "争议解决" in text and "人民法院提起诉讼" in text
    assert "签字并加盖公章之日起生效" in text
    assert "本协议一式四份，甲乙双方各执两份" in text
    assert text.count("签订日期") == 2


def test_agreement_refused_without_bank_account(client, project, org_a, owner):
    Organization.objects.filter(pk=org_a.pk).update(bank_account_number="")
    project.organization.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        render_agreement_pdf(project)
    message = "承接单位尚未在组织信息中填写收款账户（户名、开户行、账号），不能生成协议"
    assert refused.value.messages == [message]
    client.force_login(owner)
    response = client.get(reverse("portal:project_agreement_pdf", args=(project.pk,)), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_confirmed_agreement_keeps_the_account_it_was_signed_with(running, org_a, owner):
    old_number = org_a.bank_account_number
    assert running.payee_account_number == old_number
    set_bank_account(
        org_a,
        by=owner,
        account_name=org_a.name,
        bank_name="中国银行深圳分行",
        account_number="6217 0000 1111 2222",
        reason="原账户销户",
    )
    running.refresh_from_db()
    assert running.payee_account_number == old_number
    assert old_number in running.agreement_html and "6217000011112222" not in running.agreement_html


def test_confirming_agreement_refused_once_the_account_is_gone(project, org_a, owner, staff):
    from core.workflow import TransitionRefused
    from projects.agreement import confirm_agreement, upload_signed_scan
    from tests.projects.conftest import scan_file

    upload_signed_scan(project, scan_file(), by=owner)
    Organization.objects.filter(pk=org_a.pk).update(bank_name="")
    with pytest.raises(TransitionRefused) as refused:
        confirm_agreement(project, by=staff)
    assert (
        "承接单位尚未在组织信息中填写收款账户（户名、开户行、账号），不能生成协议"
        in refused.value.reasons
    )
