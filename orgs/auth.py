from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from core.security.lockout import normalize_login
from orgs.models import User

# No e-mail address is longer (RFC 5321). Django's own AuthenticationForm (Wagtail's private-page
# login, /_util/login/) sets max_length without validating it, so a 100,000-character login
# reached the query, and SQLite refuses such a LIKE pattern ("pattern too complex", a 500).
MAX_LOGIN_LENGTH = 254


class EmailOrMobileBackend(ModelBackend):
    """Sign in with the e-mail address or the mainland mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = normalize_login(username or kwargs.get("email") or "")
        if not login or password is None:
            return None
        user = None
        if len(login) <= MAX_LOGIN_LENGTH:
            user = User.objects.filter(Q(email__iexact=login) | Q(mobile=login)).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
