"""The expert pool (专家库): users with the expert role and a profile."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.phones import PhoneField
from core.scoping import ScopedQuerySet


class ExpertQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(active=True, user__is_active=True)

    def drawable_for(self, department_ids):
        """Experts a call bought by a department may draw: the city-wide pool and the own experts
        of `department_ids` (the call's department and those above it, `orgs.departments.
        issuers_for`); another department's own experts never sit on its panels."""
        return self.filter(
            models.Q(department__isnull=True) | models.Q(department__in=list(department_ids))
        )


class ExpertProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家账号"),
        on_delete=models.CASCADE,
        related_name="expert_profile",
    )
    title = models.CharField(_("职称"), max_length=50, blank=True)
    employer = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employed_experts",
    )
    employer_name = models.CharField(
        _("工作单位名称"), max_length=200, blank=True, help_text=_("工作单位不在组织库中时填写")
    )
    # Names of service categories (服务领域) the expert may judge, matched against a call's
    # category names when a draw asks for matching expertise.
    expertise = models.JSONField(_("专业领域"), default=list, blank=True)
    phone = PhoneField(_("联系电话"), blank=True)
    active = models.BooleanField(_("在库（可抽取）"), default=True)
    related_organizations = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("声明的关联组织"),
        blank=True,
        related_name="related_experts",
        help_text=_("近三年任职、顾问、亲属任职等须回避的组织"),
    )
    # Issue 21: the pool is city-wide; a department may keep its own additional experts.
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_experts",
        limit_choices_to={"kind": "government"},
        help_text=_("留空为全市专家库；填写后为该部门自有专家，仅该部门及其下级部门的征集可以抽取"),
    )
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    objects = ExpertQuerySet.as_manager()

    DEPARTMENT_PATH = "department"  # core.scoping
    DEPARTMENT_SHARED_WHEN_EMPTY = True  # the city-wide pool is seen by every department

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("专家库")
        ordering = ["user__real_name", "pk"]

    def __str__(self):
        return self.user.real_name or self.user.email

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name

    def conflict_org_ids(self) -> set[int]:
        ids = set(self.related_organizations.values_list("pk", flat=True))
        if self.employer_id:
            ids.add(self.employer_id)
        return ids
