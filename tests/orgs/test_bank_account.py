"""The organization's payee account (户名、开户行、账号): entered by the org admin, changed only
with a reason, every change audited with old and new values (issue 18, point 4)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import history
from orgs.bank import set_bank_account
from orgs.models import Organization
from orgs.permissions import can_edit_bank_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare(org_a):
    Organization.objects.filter(pk=org_a.pk).update(
        bank_account_name="", bank_name="", bank_account_number=""
    )
    org_a.refresh_from_db()
    return org_a


def test_bank_account_change_needs_reason_and_is_audited(bare, owner):
    org = set_bank_account(
        bare,
        by=owner,
        account_name="阳光社工服务中心",
        bank_name="中国工商银行深圳南山支行",
        account_number="4000 0230 0920 0012 345",
    )
    assert org.bank_account_number == "4000023009200012345"
    with pytest.raises(ValidationError) as refused:
        set_bank_account(
            org, by=owner, account_name=org.name, bank_name="中国银行", account_number="12345678"
        )
    assert refused.value.message_dict == {"reason": ["变更已登记的收款账户须填写变更原因"]}
    set_bank_account(
        org,
        by=owner,
        account_name=org.name,
        bank_name="中国银行深圳分行",
        account_number="12345678",
        reason="原账户销户",
    )
    entry = history(org).first()
    assert entry.data["summary"] == "变更收款账户" and entry.data["reason"] == "原账户销户"
    assert entry.data["old"]["bank_account_number"] == "4000023009200012345"
    assert entry.data["new"]["bank_account_number"] == "12345678"
    assert entry.user == owner


@pytest.mark.parametrize("number", ["1234567", "1234 5678 abc", "1" * 31, ""])
def test_bank_account_number_must_be_8_to_30_digits(bare, owner, number):
    with pytest.raises(ValidationError) as refused:
        set_bank_account(bare, by=owner, account_name="甲", bank_name="乙", account_number=number)
    assert refused.value.message_dict["bank_account_number"] == [
        "账号应为8至30位数字（可含空格分组）"
    ]


def test_bank_account_full_width_digits_are_accepted(bare, owner):
    org = set_bank_account(
        bare, by=owner, account_name="甲", bank_name="乙", account_number="１２３４ ５６７８"
    )
    assert org.bank_account_number == "12345678"


def test_only_the_org_admin_edits_the_bank_account(client, bare, owner, member, staff):
    assert not can_edit_bank_account(bare, member)[0]
    assert not can_edit_bank_account(bare, staff)[0]
    url = reverse("portal:org_bank_account", args=(bare.pk,))
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(owner)
    response = client.post(
        url,
        {
            "bank_account_name": "阳光社工服务中心",
            "bank_name": "中国工商银行深圳南山支行",
            "bank_account_number": "4000-0230-0920",
        },
        follow=True,
    )
    assert "收款账户已保存。" in response.content.decode()
    bare.refresh_from_db()
    assert bare.bank_account_number == "400002300920"
    changed = client.post(
        url,
        {"bank_account_name": "阳光", "bank_name": "中国银行", "bank_account_number": "12345678"},
    )
    assert "变更已登记的收款账户须填写变更原因" in changed.content.decode()
    client.force_login(staff)
    page = client.get(reverse("organizations:inspect", args=(bare.pk,))).content.decode()
    assert "400002300920" in page
