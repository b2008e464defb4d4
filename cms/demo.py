"""Demo content for the public site: two years of a guiding catalogue, announcements, notices,
the public pages of the demo calls and of the demo incubation base.

Idempotent: pages are looked up by slug and only created when missing. Dates are relative to today
so the demo always looks current. Everything here is fictitious demo data, labelled as such.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from cms import catalogue_io, demo_site_files
from cms.catalogue_versions import copy_catalogue
from cms.models import (
    AnnouncementIndexPage,
    CallIndexPage,
    CallPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
    CataloguePage,
    ContractAnnouncementPage,
    HomePage,
    IncubationBasePage,
    IncubationIndexPage,
    NoticeAttachment,
    NoticeIndexPage,
    NoticePage,
    PurchaseAnnouncementPage,
    PurchaseMethod,
    ResultAnnouncementPage,
)

DATA = Path(__file__).parent / "data" / "demo_catalogue.csv"
ISSUER = "示范市民政局"
BUREAU = "示范市民政局"
INTRO = (
    "<p>本平台承载政府购买服务、公益创投和社会组织孵化的全过程："
    "发布指导性目录和征集公告，社会组织在线申报，专家评审，结果公示，项目实施与第三方评估。</p>"
)
CATALOGUE_INTRO = (
    "<p>本目录依据《政府购买服务管理办法》（财政部令第102号），参照中央本级政府购买服务指导性目录"
    "的结构编制，分为公共服务、政府履职辅助性服务两个一级目录。列入目录的事项方可购买，"
    "且须有预算安排。（演示数据）</p>"
    "<p>承接主体一般条件：依法设立，具有独立承担民事责任的能力；治理结构健全，内部管理和监督制度完善；"
    "具有独立、健全的财务管理、会计核算和资产管理制度；具备提供服务所必需的设施、人员和专业技术能力；"
    "依法缴纳税收和社会保险费；前三年内无重大违法记录；信用状况良好，未被列入严重违法失信名单。"
    "评估等级为3A以上的社会组织同等条件下优先。</p>"
)
SECTIONS = [
    (CatalogueIndexPage, "指导性目录", "catalogue"),
    (AnnouncementIndexPage, "政府购买服务公告", "announcements"),
    (NoticeIndexPage, "通知公告", "notices"),
    (CallIndexPage, "征集公告", "calls"),
    (IncubationIndexPage, "孵化基地", "incubation-bases"),
]
CALL_GUIDELINES = (
    "<h3>一、资助方向</h3><p>围绕“一老一小”和社区治理，重点资助独居长者关爱、困境儿童陪伴、"
    "残障人士社区融入和居民议事协商等创新性、可持续的公益服务项目。（演示数据）</p>"
    "<h3>二、申报方式</h3><p>申报单位登录本平台，在线填写项目申报书、编制预算并上传附件，"
    "在截止时间前提交。逾期不予受理。</p>"
    "<h3>三、评审安排</h3><p>形式审查后由专家评审，评审结果在本网站公示。</p>"
)
BASE_INTRODUCTION = (
    "<p>基地由区民政局建设、专业社会组织运营，为初创社会组织和筹备团队提供免费工位、"
    "能力建设培训、财务托管和项目对接服务，帮助其登记注册、规范治理并承接政府购买服务。（演示数据）</p>"
)


def _child(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def _publish(page):
    page.save_revision().publish()
    return page


def _add(parent, page):
    """Add `page` under `parent` as a published page unless a page with its slug exists."""
    existing = _child(parent, page.slug)
    if existing is not None:
        return existing, False
    parent.add_child(instance=page)
    return _publish(page), True


def _sections(home):
    found = {}
    for model, title, slug in SECTIONS:
        page = model.objects.child_of(home).first()
        if page is None:
            page, _ = _add(home, model(title=title, slug=slug, show_in_menus=True))
        found[model] = page
    return found


def _catalogues(index, stdout):
    year = timezone.localdate().year
    old_slug, new_slug = f"demo-{year - 1}", f"demo-{year}"
    old = _child(index, old_slug)
    if old is None:
        old, _ = _add(
            index,
            CataloguePage(
                title=f"示范市政府购买服务指导性目录（{year - 1}年版）",
                slug=old_slug,
                issuer=ISSUER,
                year=year - 1,
                document_number=f"示民发〔{year - 1}〕3号",
                valid_from=datetime.date(year - 1, 1, 1),
                valid_to=datetime.date(year - 1, 12, 31),
                intro=CATALOGUE_INTRO,
            ),
        )
        with DATA.open("rb") as f:
            result = catalogue_io.import_file(old, f, DATA.name)
        stdout.write(f"  指导性目录 {year - 1}：导入 {result.created} 个条目")
    new = _child(index, new_slug)
    if new is None:
        new = copy_catalogue(
            old,
            year=year,
            title=f"示范市政府购买服务指导性目录（{year}年版）",
            valid_from=datetime.date(year, 1, 1),
            valid_to=datetime.date(year, 12, 31),
        )
        new.slug, new.document_number = new_slug, f"示民发〔{year}〕5号"
        _publish(new)
        _adjust(new)
        stdout.write(f"  指导性目录 {year}：由 {year - 1} 年版复制并调整")
    return old, new


def _adjust(catalogue):
    """The yearly adjustment (动态调整) shown by the comparison page: one added, one removed,
    one changed."""
    rows = [
        catalogue_io.Row(
            2,
            {
                "level": "3",
                "code": "A-4-4",
                "parent_code": "A-4",
                "name": "困境儿童关爱保护服务",
                "service_content": (
                    "为困境儿童和留守儿童提供家庭探访、监护评估、心理疏导和个案帮扶。"
                ),
                "beneficiaries": "困境儿童、农村留守儿童及其家庭",
                "provider_requirements": (
                    "配备持证社会工作者和儿童服务专业人员，工作人员无犯罪记录。"
                ),
                "purchase_method": "竞争性磋商",
            },
        )
    ]
    catalogue_io.import_rows(catalogue, rows)
    entries = CatalogueEntryPage.objects.descendant_of(catalogue)
    changed = entries.get(code="A-4-1")
    changed.service_content += "新增助急服务：为独居老年人安装紧急呼叫设备并提供应急响应。"
    _publish(changed)
    entries.get(code="B-12-3").delete()


def _announcements(index, catalogue):
    today = timezone.localdate()
    entry = {e.code: e for e in CatalogueEntryPage.objects.descendant_of(catalogue)}
    contact = {
        "contact_name": "李科长",
        "contact_phone": "0755-26600000",
        "contact_address": "示范市民政局",
    }
    purchases = [
        (
            "elderly-home-care",
            "示范市民政局居家养老上门服务项目公告",
            "示范市民政局",
            "A-4-1",
            Decimal("1200000.00"),
            "为辖区约600名经济困难、高龄、失能老年人提供助餐、助洁、助浴、助医等居家养老上门服务。",
            "每位服务对象每月不少于8小时上门服务，全年累计服务不少于57600小时。",
            30,
        ),
        (
            "community-correction",
            "示范市司法局社区矫正辅助服务项目公告",
            "示范市司法局",
            "A-9-1",
            Decimal("480000.00"),
            "协助司法所开展社区矫正对象教育帮扶、心理矫治和社会适应性帮扶。",
            "覆盖辖区全部在册社区矫正对象，每人每月至少走访一次。",
            20,
        ),
        (
            "disability-rehab",
            "示范市残联残疾人康复服务项目公告",
            "示范市残疾人联合会",
            "A-8-1",
            Decimal("650000.00"),
            "为持证残疾人提供康复评估、康复训练、辅具适配和家庭康复指导。",
            "服务不少于300名残疾人，其中残疾儿童不少于80名。",
            12,
        ),
    ]
    created = {}
    for slug, title, purchaser, code, budget, content, quantity, days_ago in purchases:
        page, _ = _add(
            index,
            PurchaseAnnouncementPage(
                title=title,
                slug=slug,
                date=today - datetime.timedelta(days=days_ago),
                purchaser=purchaser,
                catalogue_entry=entry[code],
                budget=budget,
                funding_source="市级财政预算资金",
                service_content=content,
                quantity_standard=quantity,
                quality_standard="服务对象满意度不低于90%，服务记录真实完整，无重大服务责任事故。",
                beneficiaries=entry[code].beneficiaries,
                provider_requirements=entry[code].provider_requirements,
                purchase_method=PurchaseMethod.COMPETITIVE_CONSULTATION,
                evaluation_method="委托第三方评估机构开展中期评估和结项绩效评价，评价结果与尾款支付挂钩。",
                term_start=datetime.date(today.year, 1, 1),
                term_end=datetime.date(today.year, 12, 31),
                **contact,
            ),
        )
        created[slug] = page
    care = created["elderly-home-care"]
    _add(
        index,
        ResultAnnouncementPage(
            title="示范市民政局居家养老上门服务项目成交结果公告",
            slug="elderly-home-care-result",
            date=care.date + datetime.timedelta(days=15),
            purchase=care,
            purchaser=care.purchaser,
            provider="示范市阳光社会工作服务中心",
            provider_address="示范市和平路88号",
            amount=Decimal("1168000.00"),
            decided_on=care.date + datetime.timedelta(days=14),
            review_summary="采用综合评分法。评审小组由5名专家组成：王某某、刘某某、陈某某、张某某、赵某某。",
            **contact,
        ),
    )
    _add(
        index,
        ContractAnnouncementPage(
            title="示范市民政局居家养老上门服务项目合同公告",
            slug="elderly-home-care-contract",
            date=care.date + datetime.timedelta(days=22),
            purchase=care,
            purchaser=care.purchaser,
            provider="示范市阳光社会工作服务中心",
            contract_number=f"SFMZ-{today.year}-017",
            signed_on=care.date + datetime.timedelta(days=20),
            content=care.service_content,
            term_start=care.term_start,
            term_end=care.term_end,
            quantity=care.quantity_standard,
            quality=care.quality_standard,
            price=Decimal("1168000.00"),
            settlement="分三期支付：合同签订后支付40%，中期评估合格后支付40%，结项绩效评价合格后支付20%。",
            rights_and_duties="购买主体负责监督指导和按期付款；承接主体按合同提供服务，接受监督和绩效评价，不得转包。",
            liability="承接主体未按约定提供服务的，按未完成服务量扣减服务费；情节严重的解除合同。",
            **contact,
        ),
    )


NOTICES = [
    (
        "catalogue-notice",
        "关于印发{year}年度政府购买服务指导性目录的通知",
        "policy",
        BUREAU,
        "示民发〔{year}〕5号",
        40,
        "根据《政府购买服务管理办法》，结合本市实际，对指导性目录进行了动态调整，现予印发。",
    ),
    (
        "venture-call",
        "关于开展{year}年度公益创投活动的通知",
        "notice",
        BUREAU,
        "示民函〔{year}〕12号",
        25,
        "为培育发展社会组织，现组织开展{year}年度公益创投活动，重点支持扶老、助残、救孤、济困和社区治理项目。",
    ),
    (
        "grade-evaluation",
        "关于开展社会组织等级评估工作的通知",
        "notice",
        "示范市社会组织管理局",
        "示社管〔{year}〕2号",
        60,
        "为推进社会组织规范化建设，现启动年度社会组织等级评估工作。",
    ),
    (
        "annual-report",
        "关于做好社会组织年度报告工作的公告",
        "announcement",
        "示范市社会组织管理局",
        "",
        90,
        "请在本市登记的社会组织按时报送上一年度工作报告。",
    ),
    (
        "training",
        "社会组织财务管理培训班顺利举办",
        "news",
        "示范市社会组织服务中心",
        "",
        10,
        "市社会组织服务中心举办财务管理培训班，120余家社会组织参加，内容涵盖会计核算、票据管理和项目资金管理。",
    ),
    (
        "volunteer",
        "关于表扬优秀志愿服务项目的通报",
        "announcement",
        BUREAU,
        "",
        120,
        "对在社区养老、助残和应急救援中表现突出的志愿服务项目予以通报表扬。",
    ),
]


def _notices(index, catalogue):
    today = timezone.localdate()
    for slug, title, category, issuer, number, days_ago, text in NOTICES:
        year = today.year
        page, created = _add(
            index,
            NoticePage(
                title=title.format(year=year),
                slug=slug,
                date=today - datetime.timedelta(days=days_ago),
                category=category,
                issuer=issuer,
                document_number=number.format(year=year),
                summary=text.format(year=year),
                body=f"<p>各有关单位：</p><p>{text.format(year=year)}</p><p>特此通知。</p>",
            ),
        )
        if created and slug == "catalogue-notice":
            document = get_document_model().objects.create(
                title=f"{catalogue.title}.xlsx",
                file=ContentFile(
                    catalogue_io.export_xlsx(catalogue), name=f"catalogue-{year}.xlsx"
                ),
            )
            NoticeAttachment.objects.create(
                page=page, document=document, title="指导性目录（XLSX）"
            )


def seed(stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    if not home.intro:
        home.intro = INTRO
        _publish(home)
    sections = _sections(home)
    _old, new = _catalogues(sections[CatalogueIndexPage], stdout)
    _announcements(sections[AnnouncementIndexPage], new)
    _notices(sections[NoticeIndexPage], new)
    _call_pages(sections[CallIndexPage])
    demo_site_files.seed_identity()
    _incubation_pages(sections[IncubationIndexPage])


def _call_pages(index):
    """A public page for each published demo call (grants seeds the calls first), with a contact,
    a 申报指南 PDF and a 预算明细表 template."""
    from grants.models import Call, CallState

    calls = Call.objects.exclude(state=CallState.DRAFT).filter(public_page__isnull=True)
    for call in calls.order_by("opens_at"):
        _add(
            index,
            CallPage(
                title=call.title,
                slug=f"call-{call.pk}",
                call=call,
                summary=call.description,
                guidelines=CALL_GUIDELINES,
            ),
        )
    for page in CallPage.objects.child_of(index).select_related("call").order_by("pk"):
        demo_site_files.furnish_call_page(page)


def _incubation_pages(index):
    from orgs.models import IncubationBase

    for base in IncubationBase.objects.filter(public_page__isnull=True).order_by("pk"):
        _add(
            index,
            IncubationBasePage(
                title=base.name,
                slug=f"base-{base.pk}",
                base=base,
                introduction=BASE_INTRODUCTION,
            ),
        )
