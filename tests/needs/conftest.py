"""Needs fixtures: a community with its members, a verified provider, published needs.

Personas from tests/conftest.py: `owner`/`member` of `org_a` (a social-work centre, made verified
where a test needs a provider), `outsider` of `org_b`, `staff`.
"""

import pytest
from django.core.cache import cache

from orgs.models import MemberRole, Organization
from tests.factories import CommunityFactory, NeedFactory, UserFactory, add_member


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the public form's rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def community(db):
    return CommunityFactory(name="红花园社区居委会")


@pytest.fixture
def clerk(community):
    """A member (not admin) of the community."""
    user = UserFactory(real_name="黄干事", email="clerk@example.cn")
    add_member(user, community, MemberRole.MEMBER)
    return user


@pytest.fixture
def director(community):
    """The community's account admin."""
    user = UserFactory(real_name="黄主任", email="director@example.cn")
    add_member(user, community, MemberRole.ADMIN)
    return user


@pytest.fixture
def verified_a(org_a):
    Organization.objects.filter(pk=org_a.pk).update(state="verified")
    return Organization.objects.get(pk=org_a.pk)


@pytest.fixture
def draft_need(community):
    return NeedFactory(organization=community, title="独居长者上门探访")


@pytest.fixture
def submitted_need(community):
    return NeedFactory(organization=community, title="困境儿童课后托管", state="submitted")


@pytest.fixture
def published_need(community):
    return NeedFactory(
        organization=community,
        title="社区长者助餐服务",
        description="红花园社区高龄长者就餐困难，需要社区助餐点和送餐上门。",
        state="published",
    )
