"""The site's identity for its footer: what every Chinese government website must show.

网站标识码 is the 10-digit code the 政府网站 register assigns; ICP备案号 and 公安机关备案号 are the
filing numbers, each linked to its register's public query page. Administrators edit them under
设置 > 网站标识与联系方式, one set per site.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from core.phones import PhoneField
from core.public_cache import generation

ICP_REGISTER_URL = "https://beian.miit.gov.cn/"
POLICE_REGISTER_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    site_code = models.CharField(
        _("网站标识码"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{10}$", _("网站标识码为10位数字"))],
    )
    icp_number = models.CharField(
        _("ICP备案号"), max_length=50, blank=True, help_text=_("如：粤ICP备00000000号")
    )
    police_number = models.CharField(
        _("公安机关备案号"),
        max_length=50,
        blank=True,
        help_text=_("如：粤公网安备44030002000001号"),
    )
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    contact_phone = PhoneField(_("联系电话"), blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("隐私声明页面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_code"), FieldPanel("icp_number"), FieldPanel("police_number")],
            heading=_("网站标识"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_address"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("联系我们"),
        ),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("网站标识与联系方式")
        verbose_name_plural = _("网站标识与联系方式")

    @classmethod
    def for_request(cls, request):
        """The footer reads this on every page: kept in the public cache's store under its
        generation token (any write to this table replaces the token), so it is read once per
        change, not once per request."""
        attr = cls.get_cache_attr_name()
        if hasattr(request, attr):
            return getattr(request, attr)
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        store = generation.store()
        key = f"cms-site-identity:{generation.current(store)}:{site.pk}"
        identity = store.get(key)
        if identity is None:
            identity = cls.for_site(site)
            identity.privacy_page  # noqa: B018  (read now, kept with it)
            store.set(key, identity, settings.PUBLIC_CACHE_SECONDS)
        identity._request = request
        setattr(request, attr, identity)
        return identity

    @property
    def police_url(self) -> str:
        """The 公安机关备案 query page for this record number (its digits are the query code)."""
        digits = "".join(c for c in self.police_number if c.isascii() and c.isdigit())
        return POLICE_REGISTER_URL.format(code=digits) if digits else ""

    @property
    def icp_url(self) -> str:
        return ICP_REGISTER_URL

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_address or self.contact_phone or self.contact_email)
