"""Attack: an applicant (or a careless one) writes its identity into a blind-reviewed application
in forms the old redaction missed — full-width digits, spelled-out e-mail addresses, a USCC with
spaces, the organization's short name / brand, its website. The expert's page and PDF for a blind
panel must show none of it."""

import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.workflow import perform_transition
from grants.models import Application
from review.draw import draw_panel
from tests.factories import ExpertProfileFactory
from tests.review.conftest import make_reviewing_call

pytestmark = pytest.mark.django_db

ORG_NAME = "深圳市南山区晨曦社工事务所"


@pytest.fixture
def disguised(staff):
    for i in range(4):
        ExpertProfileFactory(user__real_name=f"专家{i}")
    call, apps = make_reviewing_call(staff, n=1, blind=True)
    application = apps[0]
    org = application.organization
    org.name = ORG_NAME
    org.short_name = "阳光伙伴"
    org.legal_representative = "欧阳建国"
    org.contact_name = "李娜"
    org.website = "https://www.chenxi-sw.org.cn"
    org.save()
    code = org.uscc
    spaced_code = " ".join(code[i : i + 4] for i in range(0, 18, 4))
    Application.objects.filter(pk=application.pk).update(
        project_name="阳光伙伴长者关爱计划",
        summary=(
            "晨曦社工多年服务长者，法定代表人欧阳 建国，联系人李娜，"
            "电话１３９１２３４５６７８，邮箱 lina at chenxi-sw dot org dot cn。"
        ),
        needs_analysis=(
            f"本所（信用代码 {spaced_code}）调研发现独居长者缺乏照护，"
            "详见 www.chenxi-sw.org.cn，或来信 lina(at)example.com、lina＠example．com。"
        ),
        objectives="项目预算 120000 元，2026年5月1日至2026-12-31 服务 300 人次。",
        org_snapshot={**application.org_snapshot, "name": ORG_NAME},
    )
    draw_panel(call=call, by=staff, size=3, seed=1)
    assignment = application.review_assignments.select_related("expert__user").first()
    identity = [
        ORG_NAME,
        "晨曦",
        "阳光伙伴",
        "欧阳",
        "建国",
        "李娜",
        "13912345678",
        "lina",
        "chenxi-sw",
        code,
        code[4:8],
    ]
    return assignment, identity


def leaks(text, identity):
    folded = unicodedata.normalize("NFKC", text).replace(" ", "")
    return [term for term in identity if term in text or term in folded]


def test_blind_expert_page_and_pdf_hide_disguised_identity(client, disguised):
    assignment, identity = disguised
    user = assignment.expert.user
    perform_transition(assignment, "declare_no_conflict", by=user)
    client.force_login(user)
    html = client.get(reverse("portal:review_assignment", args=[assignment.pk])).content.decode()
    assert "多年服务长者" in html
    assert "项目预算 120000 元，2026年5月1日至2026-12-31 服务 300 人次" in html
    assert leaks(html, identity) == []
    listing = client.get(reverse("portal:review_assignments")).content.decode()
    assert leaks(listing, identity) == []
    pdf = client.get(reverse("portal:review_assignment_pdf", args=[assignment.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "多年服务长者" in text
    assert leaks(text, identity) == []
