"""A call's 登记地 rule: staff pick regions (several) with the region picker; unknown codes are
refused in Chinese and the edit page names the chosen regions."""

import pytest

from grants.models import Call
from tests.factories import GovernmentFactory
from tests.grants import admin_support
from tests.grants.test_admin_calls import CALLS, call_form

pytestmark = pytest.mark.django_db
staff_client = admin_support.staff_client


def test_call_form_offers_the_multiple_region_picker(staff_client):
    html = staff_client.get(f"{CALLS}new/").content.decode()
    assert 'data-region-picker="multiple"' in html
    assert "js/regions.js" in html


def test_staff_pick_regions_and_see_their_names(staff_client):
    department = GovernmentFactory(name="深圳市南山区民政局")
    data = call_form(department, allowed_region_codes="440305,440300")
    response = staff_client.post(f"{CALLS}new/", data)
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get()
    assert call.allowed_region_codes == ["440305", "440300"]
    html = staff_client.get(f"{CALLS}edit/{call.pk}/").content.decode()
    assert "广东省深圳市南山区" in html and "广东省深圳市" in html


def test_unknown_region_is_refused_in_chinese_and_nothing_saved(staff_client):
    department = GovernmentFactory(name="深圳市南山区民政局")
    response = staff_client.post(
        f"{CALLS}new/", call_form(department, allowed_region_codes="440399")
    )
    assert response.status_code == 200
    assert "以下不是有效的行政区划代码：440399" in response.content.decode()
    assert not Call.objects.exists()
