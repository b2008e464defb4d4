"""Plain factories shared by the whole suite."""

import itertools

import factory
from django.contrib.auth.models import Group

from orgs import uscc
from orgs.models import MemberRole, Membership, Organization, OrgKind, User

_serial = itertools.count(1)
_PREFIX = {
    OrgKind.SOCIAL_GROUP: "51",
    OrgKind.SERVICE_ORG: "52",
    OrgKind.FOUNDATION: "53",
    OrgKind.ENTERPRISE: "91",
    OrgKind.GOVERNMENT: "11",
    OrgKind.PUBLIC_INSTITUTION: "12",
}


def make_uscc(kind=OrgKind.SERVICE_ORG, region="440305") -> str:
    """A valid USCC for `kind` with a unique organization code body."""
    n = next(_serial)
    body8 = f"{n:08d}"
    first17 = _PREFIX.get(kind, "52") + region + body8 + uscc.org_code_check_char(body8)
    return first17 + uscc.check_char(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.cn")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")
    is_active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=str(role)))
        if extracted or create:
            self.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"深圳市南山区第{n}社工服务中心")
    kind = OrgKind.SERVICE_ORG
    uscc = factory.LazyAttribute(lambda o: make_uscc(o.kind))
    registration_authority = "深圳市南山区民政局"
    region_code = "440305"
    legal_representative = "王明"
    address = "深圳市南山区南头街道"
    contact_name = "李娜"
    contact_phone = "13800138000"
    contact_email = factory.Sequence(lambda n: f"org{n}@example.cn")


def add_member(user, org, role=MemberRole.MEMBER) -> Membership:
    return Membership.objects.create(user=user, organization=org, role=role)
