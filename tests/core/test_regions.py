"""The GB/T 2260 region lookup (`core.regions`), its form fields, filter, endpoint and template
filters."""

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
    assert regions.children("440305") == []
    assert regions.children("999999") == []


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("440305", True),
        ("440300", True),
        ("440000", True),
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


def test_matching_by_name_or_code():
    shenzhen = regions.matching("深圳")
    assert {"440300", "440305", "440304"} <= shenzhen
    assert "440106" not in shenzhen
    assert regions.matching("广东省深圳市南山区") == {"440305"}
    assert "230404" in regions.matching("南山区")  # 鹤岗市南山区 too
    assert regions.matching("4403") == shenzhen
    assert regions.matching("  ") == set()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("440399", "“440399”不是有效的行政区划代码，请从省、市、区县列表中选择"),
        ("4403", "行政区划代码应为6位数字"),
        ("٤٤٠٣٠٥", "行政区划代码应为6位数字"),
    ],
)
def test_unknown_code_is_refused_in_chinese(value, message):
    with pytest.raises(ValidationError) as error:
        regions.validate_code(value)
    assert error.value.messages == [message]


def test_form_field_normalizes_full_width_digits_and_refuses_unknown_codes():
    class F(forms.Form):
        region = RegionCodeFormField(label="地区")

    assert F({"region": "４４０３０５"}).is_valid()
    form = F({"region": "440399"})
    assert not form.is_valid()
    assert "不是有效的行政区划代码" in form.errors["region"][0]


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


def test_template_filters_print_names():
    out = Template("{% load regions %}{{ c|region_name }}/{{ c|region_short }}").render(
        Context({"c": "440305"})
    )
    assert out == "广东省深圳市南山区/南山区"


@pytest.mark.django_db
def test_children_endpoint_is_public_and_cacheable(client):
    response = client.get("/regions/440300/children/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    rows = response.json()["children"]
    assert {"code": "440305", "name": "南山区", "leaf": True} in rows
    provinces = client.get("/regions/children/").json()["children"]
    assert {"code": "440000", "name": "广东省", "leaf": False} in provinces
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
