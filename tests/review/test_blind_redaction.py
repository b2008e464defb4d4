"""Blind-review redaction: what identifies the applicant goes, however it is typed; ordinary
text stays. Each case: (text, what must be removed, what must stay)."""

import pytest

from grants.models import Application
from review.blind import MASK, identity_terms, name_variants, redact
from tests.factories import ApplicationFactory, OrganizationFactory

ORG_NAME = "深圳市南山区晨曦社工事务所"
USCC = "52440305MJL000017X"  # shape only; not in the registry
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


@pytest.fixture
def terms(db):
    org = OrganizationFactory(
        name=ORG_NAME,
        short_name="阳光伙伴",
        legal_representative="欧阳建国",
        contact_name="李娜",
        contact_phone="13912345678",
        contact_email="lina@chenxi-sw.org.cn",
        website="https://www.chenxi-sw.org.cn/about",
    )
    application = ApplicationFactory(organization=org)
    Application.objects.filter(pk=application.pk).update(
        org_snapshot={"name": ORG_NAME, "uscc": org.uscc}
    )
    application.refresh_from_db()
    return identity_terms(application), org


CASES = [
    # phone numbers: full-width digits, spaces, dashes, country code, landlines
    ("电话：１３９１２３４５６７８，欢迎来电", ["１３９１２３４５６７８"], ["电话：", "欢迎来电"]),
    ("手机 139 1234 5678 随时联系", ["139 1234 5678", "5678"], ["手机", "随时联系"]),
    ("致电 +86-137-0000-1111 咨询", ["137-0000-1111", "+86"], ["致电", "咨询"]),
    ("热线１３７－００００－１１１１。", ["００００"], ["热线", "。"]),
    ("办公室 (0755) 8888-6666 转 8", ["8888-6666", "0755"], ["办公室"]),
    # e-mail addresses in every disguise
    ("邮箱 zhang at example dot com 欢迎", ["zhang", "example"], ["邮箱", "欢迎"]),
    ("zhang(at)example.com", ["zhang", "example.com"], []),
    ("写信至zhang（at）example.com。", ["zhang", "example"], ["写信至", "。"]),
    ("邮箱：zhang＠example．com", ["zhang", "example"], ["邮箱："]),
    ("zhang [at] example [dot] com 联系", ["zhang", "example"], ["联系"]),
    ("ZHANG@EXAMPLE.COM", ["ZHANG", "EXAMPLE"], []),
    # USCC and ID-card-shaped codes with spaces, dashes, full width
    (
        f"代码 {USCC[:4]} {USCC[4:8]} {USCC[8:12]} {USCC[12:16]} {USCC[16:]} 有效",
        [USCC[4:8]],
        ["代码", "有效"],
    ),
    (f"代码{USCC[:8]}-{USCC[8:]}。", [USCC[:8], USCC[8:]], ["代码", "。"]),
    ("代码" + USCC.translate(FULL_WIDTH), [USCC.translate(FULL_WIDTH)[8:]], ["代码"]),
    # the organization: full name, name without region or legal form, short name / brand
    (f"{ORG_NAME}成立于2015年", [ORG_NAME, "晨曦"], ["成立于2015年"]),
    ("晨曦社工事务所多年服务长者", ["晨曦"], ["多年服务长者"]),
    ("晨曦社工团队", ["晨曦"], ["团队"]),  # "晨曦社工" is the name without 事务所
    ("阳光伙伴项目组", ["阳光伙伴"], ["项目组"]),
    ("阳光 伙伴", ["阳光 伙伴"], []),
    # people and the website
    ("法定代表人欧阳 建国亲自督导", ["欧阳 建国", "建国"], ["法定代表人", "亲自督导"]),
    ("联系人：李娜。", ["李娜"], ["联系人：", "。"]),
    ("详见 https://www.chenxi-sw.org.cn/about 的介绍", ["chenxi-sw"], ["详见", "的介绍"]),
    ("详见 CHENXI-SW.ORG.CN", ["CHENXI-SW"], ["详见"]),
]


@pytest.mark.parametrize(("text", "removed", "stays"), CASES)
def test_identifying_text_is_removed(terms, text, removed, stays):
    terms, _org = terms
    out = redact(text, terms)
    assert MASK in out
    for gone in removed:
        assert gone not in out
    for kept in stays:
        assert kept in out


def test_the_registered_uscc_goes_in_any_grouping(terms):
    terms, org = terms
    code = org.uscc
    grouped = "-".join(code[i : i + 6] for i in range(0, 18, 6))
    full_width = code.translate(FULL_WIDTH)
    for text in (code, grouped, " ".join(code), full_width, code.lower()):
        assert redact(f"信用代码{text}。", terms) == f"信用代码{MASK}。"


ORDINARY = [
    "项目预算 120000 元，其中培训费 15000 元、宣传费 3,500 元；2026年5月1日至2026-12-31 实施。",
    "服务 300 人次，覆盖 12 个社区、1800 户家庭，回访率 95%，满意度 4.8 分。",
    "第 1 期 13 人、第 2 期 15 人；活动时间 9:00-11:30，地点为社区活动室 3 楼。",
    "We meet at school. Then we visit the community centre at 10.",
    "根据《民法典》第 1254 条和 2021 年第 26 号文件开展宣传。",
    "阳光明媚的下午，志愿者陪伴长者晒太阳。",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not_touched(terms, text):
    terms, _org = terms
    assert redact(text, terms) == text


def test_masks_map_back_onto_the_original_characters(terms):
    terms, _org = terms
    # Full-width text keeps its own characters around the mask; "㍿" becomes four characters
    # in NFKC and must stay whole.
    text = (
        "㍿（电话：１３９\u3000１２３４\u3000５６７８）晨曦社工事务所，"
        "ｅ-mail：ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ。"
    )
    assert redact(text, terms) == f"㍿（电话：{MASK}）{MASK}，ｅ-mail：{MASK}。"


def test_name_variants_drop_region_and_legal_form():
    assert {"晨曦社工事务所", "晨曦"} <= name_variants(ORG_NAME)
    assert "晨曦" in name_variants("晨曦社会工作服务中心")
    assert "爱心" in name_variants("宝安区爱心志愿者协会")
    assert "明德" in name_variants("广东省明德基金会")


def test_short_name_and_website_are_editable_by_org_admin_and_staff():
    from orgs.admin.organizations import OrganizationViewSet
    from orgs.forms.organizations import ContactForm, OrganizationForm

    assert {"short_name", "website"} <= set(OrganizationForm.base_fields)
    assert "website" in ContactForm.base_fields
    staff_form = OrganizationViewSet().get_edit_handler().get_form_class()
    assert {"short_name", "website"} <= set(staff_form.base_fields)
    assert OrganizationForm.base_fields["website"].assume_scheme == "https"
