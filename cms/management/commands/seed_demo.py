"""Load believable demo data, idempotently: run it twice and nothing is duplicated.

Each app seeds its own part (`<app>/demo.py`), lowest layer first; this command lives in `cms`
because only the top layer may import all the others.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from cms import demo as cms_demo
from grants import demo as grants_demo
from needs import demo as needs_demo
from orgs import demo as orgs_demo
from projects import demo as projects_demo
from reports import demo as reports_demo
from review import demo as review_demo


class Command(BaseCommand):
    help = "Create demo organizations, users for every role, and public site content."

    def handle(self, *args, **options):
        # Demo transitions notify people; nobody should receive that mail.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            logins = orgs_demo.seed(self.stdout)
            grants_demo.seed(self.stdout)
            needs_demo.seed(self.stdout)
            review_demo.seed(self.stdout)
            projects_demo.seed(self.stdout)
            reports_demo.seed(self.stdout)
            cms_demo.seed(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {orgs_demo.PASSWORD}）：")
        )
        for role, email in logins:
            self.stdout.write(f"  {role:<16} {email}")
