"""Settings for every deployment, driven only by environment variables.

Embedded mode (nothing set): SQLite under var/, database task queue, file cache, console email.
Scaled mode: DATABASE_URL, REDIS_URL, EMAIL_URL and MUSHARAKA_* switch each piece; see README.
"""

import json
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("MUSHARAKA_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()


def _secret_key() -> str:
    """Use SECRET_KEY when given; otherwise generate one once into var/ (never committed).

    Production requires it: app servers behind a load balancer must share one key."""
    if env.str("SECRET_KEY", default=""):
        return env.str("SECRET_KEY")
    if env.bool("MUSHARAKA_PRODUCTION", default=False):
        raise ImproperlyConfigured("Set SECRET_KEY in production.")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
PRODUCTION = env.bool("MUSHARAKA_PRODUCTION", default=False)
DEBUG = env.bool("MUSHARAKA_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("MUSHARAKA_CSRF_TRUSTED_ORIGINS", default=[])
TESTING = env.bool("MUSHARAKA_TESTING", default=False)

INSTALLED_APPS = [
    "musharaka.core",
    "musharaka.notifications",
    "musharaka.participation",
    "musharaka.consultations",
    "musharaka.announcements",
    "musharaka.polls",
    "musharaka.contact",
    "musharaka.forums",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "musharaka.core.auth.FormErrorStatusMiddleware",
    "musharaka.core.middleware.AuditContextMiddleware",
    "musharaka.core.middleware.StaffTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "musharaka.core.context_processors.platform",
            ],
            "builtins": ["django.templatetags.i18n", "musharaka.core.templatetags.musharaka"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("MUSHARAKA_DB_CONN_MAX_AGE", 60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks: Redis when REDIS_URL is set ------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("MUSHARAKA_CACHE_PREFIX", default="musharaka"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS.append("django_rq")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if env.bool("MUSHARAKA_TASKS_IMMEDIATE", default=False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# Sign-in (docs/auth.md): email + password, the address verified by a link before the first
# sign-in, optional national SSO over OpenID Connect, TOTP for every staff member.
ACCOUNT_ADAPTER = "musharaka.core.auth.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "musharaka.core.auth.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "musharaka.core.forms.SignupExtraForm"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed sign-ins per account are django-axes' job (below, with its lockout page); allauth keeps
# only its per-address limit, so that the account lock and its message come from one place.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip"}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# OpenID Connect providers (the national SSO in production) as a JSON list of allauth "APPS"
# entries: [{"provider_id": "nafath", "name": "...", "client_id": "...", "secret": "...",
#            "settings": {"server_url": "https://idp.example/.well-known/openid-configuration"}}]
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": json.loads(env.str("MUSHARAKA_OIDC_PROVIDERS", default="[]")),
    }
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MUSHARAKA_TOTP_ISSUER", default="Musharaka")
# Accept the code of the previous and next 30-second step too (RFC 6238's advice): phone clocks
# drift, and a code typed as the step changes would otherwise be refused.
MFA_TOTP_TOLERANCE = 1

AXES_FAILURE_LIMIT = env.int("MUSHARAKA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("MUSHARAKA_LOCKOUT_MINUTES", default=15))
# Lock the account, not the address: whole ministries sit behind one NAT address. allauth's
# own per-address rate limit on failed logins covers address rotation (ACCOUNT_RATE_LIMITS).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# allauth authenticates with ``email=``, its form posts ``login``, the admin posts ``username``.
AXES_USERNAME_CALLABLE = "musharaka.core.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "musharaka.core.views.lockout"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "musharaka.core.middleware.client_ip"

# --- Language, time -------------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Riyadh"
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/noto-sans-arabic", BASE_DIR / "node_modules/@fontsource/noto-sans-arabic"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MUSHARAKA_MEDIA_ROOT", default=str(VAR_DIR / "media")))

# --- Email ----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("MUSHARAKA_FROM_EMAIL", default="Musharaka <no-reply@musharaka.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("MUSHARAKA_EMAIL_TIMEOUT", default=30)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "musharaka.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("MUSHARAKA_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("MUSHARAKA_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("MUSHARAKA_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Platform -------------------------------------------------------------------------------
MUSHARAKA_PLATFORM_NAME = _("Musharaka")
MUSHARAKA_DEMO = env.bool("MUSHARAKA_DEMO", default=False)
# How many proxies (load balancers) in front of the app servers append to X-Forwarded-For.
MUSHARAKA_TRUSTED_PROXIES = env.int("MUSHARAKA_TRUSTED_PROXIES", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = MUSHARAKA_TRUSTED_PROXIES
# Absolute links in emails (notification list, preferences) start with this address.
MUSHARAKA_SITE_URL = env.str("MUSHARAKA_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Contributions (comments, posts…) allowed per window, per person and per address.
MUSHARAKA_CONTRIBUTION_RATE_LIMITS = {
    "user": {"limit": env.int("MUSHARAKA_CONTRIBUTIONS_PER_USER", default=10), "period": 600},
    "ip": {"limit": env.int("MUSHARAKA_CONTRIBUTIONS_PER_IP", default=60), "period": 600},
}
# Consultations with more comments than this build their XLSX/PDF exports as background tasks.
MUSHARAKA_EXPORT_INLINE_LIMIT = env.int("MUSHARAKA_EXPORT_INLINE_LIMIT", default=2000)
