"""Settings shared by every environment; values come from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, writable_dir

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "orgs",
    "grants",
    "review",
    "projects",
    "needs",
    "reports",
    "cms",
    "opendata",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "orgs.apps.WagtailUsersConfig",  # Wagtail's user admin, with forms for orgs.User
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_fsm",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the rest: a cached anonymous page skips them (core/public_cache).
    "core.public_cache.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.security.middleware.SessionExpiryMiddleware",
    "core.security.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Embedded default: an SQLite file, so `make run` works on a bare machine.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default under light concurrent use: readers do not block the writer (WAL),
    # a writer waits for the lock instead of failing at once, and a transaction takes the write
    # lock when it begins, so two cannot both read and then deadlock on upgrading to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongyi",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public page cache (core/public_cache, README "Public page cache"): whole pages for anonymous
# visitors. Its store must be shared by every process that writes (web workers, run_schedule,
# task workers), so without Redis it is a directory under VAR_DIR, never local memory.
PUBLIC_CACHE = env_bool("PUBLIC_CACHE", True)
PUBLIC_CACHE_ALIAS = "public_pages"
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 600)  # the longest an entry is kept
PUBLIC_CACHE_BROWSER_SECONDS = env_int("PUBLIC_CACHE_BROWSER_SECONDS", 0)  # max-age: revalidate
PUBLIC_CACHE_PROXY_SECONDS = env_int("PUBLIC_CACHE_PROXY_SECONDS", 60)  # s-maxage for a proxy
PUBLIC_CACHE_EXCLUDED_PATHS = [
    *("/admin/", "/portal/", "/accounts/", "/documents/", "/search/", "/media/", "/static/"),
    *("/csrf-token/", "/regions/", "/open-data/", "/api/", "/evaluations/survey/"),
    *("/needs/submit/", "/verify/"),
]
if REDIS_URL:
    CACHES[PUBLIC_CACHE_ALIAS] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "gongyi-pages",
    }
else:
    CACHES[PUBLIC_CACHE_ALIAS] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "public-cache"),
    }
# A proxy or CDN in front (docs/deploy.md): Wagtail purges the URLs of a changed page or record.
# FRONTEND_CACHE_PURGE_URL is the proxy's PURGE address (Varnish, nginx); other backends
# (Cloudflare, CloudFront, Azure) are set as WAGTAILFRONTENDCACHE in a settings overlay.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL", ""):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Background work goes through Django's task API; in-process unless a queue is configured.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# A report generation job queued or running this long without progress is marked failed by
# `manage.py run_schedule` (its worker died, or the enqueue was lost), so it can be retried.
REPORT_JOB_TIMEOUT_MINUTES = env_int("REPORT_JOB_TIMEOUT_MINUTES", 30)

AUTH_USER_MODEL = "orgs.User"
# django-axes first: it refuses locked-out attempts before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "orgs.auth.EmailOrMobileBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "/"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
# Our catalogue first; then corrections of Wagtail's and Django's Chinese (English msgids), kept
# apart because `make messages` drops every msgid the source does not use (locale_overrides/README).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Private files (applications, certificates, unpublished reports) never get a URL of their own:
# they are served only by permission-checked views.
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"

STORAGE_BUCKET = env_str("STORAGE_BUCKET", "")
if STORAGE_BUCKET:
    _s3 = {
        "bucket_name": STORAGE_BUCKET,
        "endpoint_url": env_str("STORAGE_ENDPOINT_URL", "") or None,
        "access_key": env_str("STORAGE_ACCESS_KEY", ""),
        "secret_key": env_str("STORAGE_SECRET_KEY", ""),
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "location": "public", "default_acl": "public-read"},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3, "location": "private", "default_acl": "private"},
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "core.files.PrivateFileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

# Folders the configuration writes into are made when missing (var/ is not in a clone); one that
# cannot be made or written stops the start with a sentence naming it (config.env.StartupError).
_sqlite = DATABASES["default"]
if _sqlite["ENGINE"].endswith("sqlite3") and str(_sqlite["NAME"]) not in ("", ":memory:"):
    writable_dir(
        Path(_sqlite["NAME"]).parent, "DATABASE_URL" if env_str("DATABASE_URL", "") else "VAR_DIR"
    )
if not STORAGE_BUCKET:
    writable_dir(MEDIA_ROOT, "VAR_DIR")
    writable_dir(PRIVATE_MEDIA_ROOT, "VAR_DIR")
writable_dir(STATIC_ROOT, "VAR_DIR", write=False)

UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Signed public PDFs (core.signing, docs/deploy.md "Document signing"): a PKCS#12 file, or a PEM
# key and certificate; with neither, a self-signed development certificate is generated on first
# need into SIGNING_DEV_DIR. SIGNING_TSA_URL adds a timestamp from that authority.
SIGNING_PKCS12_FILE = env_str("SIGNING_PKCS12_FILE", "")
SIGNING_KEY_FILE = env_str("SIGNING_KEY_FILE", "")
SIGNING_CERT_FILE = env_str("SIGNING_CERT_FILE", "")
SIGNING_CHAIN_FILES = env_list("SIGNING_CHAIN_FILES")
SIGNING_PASSPHRASE = env_str("SIGNING_PASSPHRASE", "")
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL", "")
SIGNING_DEV_DIR = VAR_DIR / "signing"
# Largest file /verify/ accepts (our documents are well under 5 MiB).
VERIFY_MAX_BYTES = env_int("VERIFY_MAX_BYTES", 20 * 1024 * 1024)
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)  # checks per client address an hour

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "公益资助平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Text messages (survey codes, reminders): a class with `send(phone, text)`, see core/sms.py.
SMS_BACKEND = env_str("SMS_BACKEND", "core.sms.ConsoleBackend")
# Days before a call closes when organizations with an unsubmitted draft are texted (0: never).
CALL_DEADLINE_REMINDER_DAYS = env_int("CALL_DEADLINE_REMINDER_DAYS", 3)

WAGTAIL_SITE_NAME = env_str("SITE_NAME", "社会组织公益资助平台")
WAGTAILADMIN_USER_LOGIN_FORM = "orgs.forms.accounts.AdminSignInForm"
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Deadlines are stated and enforced in Beijing time: the admin offers no other zone to staff.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
# Approval publishes, without the approver holding the publish permission (cms/0004 migration).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflow_actions.publish_approved"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Site editors' documents and images (cms/media_uploads.py, docs/security.md "Uploads"): documents
# of these types only, checked against their content; every document goes through Wagtail's serve
# view (also with object storage), which answers with X-Content-Type-Options: nosniff and a
# default-src 'none' CSP, inline for PDF only and as a download for anything else.
WAGTAILDOCS_EXTENSIONS = [
    *("pdf", "ofd", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps"),
    *("odt", "ods", "odp", "rtf", "txt", "csv", "jpg", "jpeg", "png", "zip", "rar", "7z"),
]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.media_uploads.DocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_BYTES
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.media_uploads.ImageForm"  # strips EXIF/GPS from originals

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("jieba", "django_tasks", "wagtail", "modelsearch", "weasyprint", "fontTools")
    },
}
GRADE_VALIDITY_YEARS = env_int("GRADE_VALIDITY_YEARS", 5)  # 等级评估 results are valid 5 years

# --- Security (core/security/, docs/security.md) ------------------------------------------------
# Headers. Django's SecurityMiddleware sends Referrer-Policy, X-Content-Type-Options and (over HTTPS
# in production) HSTS; X-Frame-Options DENY everywhere (Wagtail's preview views set SAMEORIGIN).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), fullscreen=(self)"
)
_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")  # e.g. the S3 endpoint serving public media
if STORAGE_BUCKET and env_str("STORAGE_ENDPOINT_URL", ""):
    _MEDIA_ORIGINS.append(env_str("STORAGE_ENDPOINT_URL").rstrip("/"))
# The public site and portal: scripts and styles only from our own files, nothing inline
# (no <script> bodies, style="" or onclick="" in templates; tests/core/test_security_headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "media-src": ["'self'", *_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (/admin/) still needs inline scripts and styles, blob: and data: images, and
# frames itself for previews.
CSP_ADMIN_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGINS],
        "media-src": ["'self'", "blob:", *_MEDIA_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party avatar requests from the admin

# Sign-in lock-out (django-axes): LOGIN_FAILURE_LIMIT failures for one login from one address lock
# that pair out for LOGIN_LOCKOUT_MINUTES; other people and other addresses are unaffected.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)  # proxies appending X-Forwarded-For
# Account e-mails a stranger can trigger (verification, registration attempt, password reset):
# at most this many an hour to one address, and from one client address (orgs.verification).
ACCOUNT_EMAILS_PER_TARGET = env_int("ACCOUNT_EMAILS_PER_TARGET", 3)
ACCOUNT_EMAILS_PER_CLIENT = env_int("ACCOUNT_EMAILS_PER_CLIENT", 10)
# The open-data API (/api/v1/): requests per clock minute from one client address (429 beyond).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "core.security.lockout.login_key"
AXES_CLIENT_IP_CALLABLE = "core.security.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "core.security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
LOGGING["loggers"]["axes.apps"] = {"level": "WARNING"}  # no start-up banner; attempts still logged

# Two-factor authentication (django-otp): required for these roles (the ASCII keys of
# `orgs.roles.Role`, which name their groups; a system check refuses anything else), for superusers
# and Django staff, and (REQUIRE_2FA_FOR_ADMIN_ACCESS) for anyone allowed into the Wagtail admin.
REQUIRE_2FA_ROLES = env_list("REQUIRE_2FA_ROLES", "staff,expert,evaluator,approver")
REQUIRE_2FA_FOR_ADMIN_ACCESS = env_bool("REQUIRE_2FA_FOR_ADMIN_ACCESS", True)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
OTP_LOGIN_URL = "two_factor:verify"

# Sessions: SESSION_COOKIE_AGE is the longest a sign-in lasts; idle sessions end sooner.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 2 * 3600)
SESSION_IDLE_TIMEOUT_PRIVILEGED = env_int("SESSION_IDLE_TIMEOUT_PRIVILEGED", 30 * 60)

# Open data (issue 22, docs/open-data.md). The prefixes below are DEVELOPMENT placeholders: a
# bureau publishing for real registers its own OCDS ocid prefix (ocds-xxxxxx) and 360Giving prefix
# (360G-xxx) and sets them here; changing them later changes every published identifier.
OCDS_OCID_PREFIX = env_str("OCDS_OCID_PREFIX", "ocds-dev000")
GIVING360_PREFIX = env_str("GIVING360_PREFIX", "360G-devgongyi")
OPEN_DATA_LICENSE = {
    "name": env_str("OPEN_DATA_LICENSE_NAME", "知识共享 署名 4.0 国际许可协议（CC BY 4.0）"),
    "url": env_str("OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
# Yearly bulk files are built on request and kept in the cache this long (seconds).
OPEN_DATA_CACHE_SECONDS = env_int("OPEN_DATA_CACHE_SECONDS", 3600)
# The official JSON Schemas the tests validate against (../shared/standards, see its README).
OPEN_DATA_STANDARDS_DIR = Path(
    env_str("OPEN_DATA_STANDARDS_DIR", str(BASE_DIR.parent / "shared" / "standards"))
)
