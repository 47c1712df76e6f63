"""Production settings: `DJANGO_SETTINGS_MODULE=kring.settings_production` (scripts/serve.sh).

Everything of `kring.settings`, plus what only a real installation needs: a secret key from the
environment (refusing the demo key), two-factor login always, static files served by WhiteNoise
(compressed, with content hashes in their names so they can be cached for a year), JSON logs on
stdout and database connections checked before reuse. The demo and the tests keep using
`kring.settings`, which needs no `collectstatic`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from kring.config.env import env_int, env_str
from kring.ops.logging import json_logging
from kring.settings import *  # noqa: F403
from kring.settings import DATABASES, DEBUG, DEMO_SECRET_KEY, MIDDLEWARE, SECRET_KEY, STATIC_ROOT

if SECRET_KEY == DEMO_SECRET_KEY:
    raise ImproperlyConfigured("Set KRING_SECRET_KEY: production refuses the demo's built-in key.")
if DEBUG:
    raise ImproperlyConfigured("KRING_DEBUG must be off in production.")

KRING_REQUIRE_2FA = True

MIDDLEWARE = [
    *MIDDLEWARE[:1],  # SecurityMiddleware first, then WhiteNoise (as WhiteNoise asks)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]
STATIC_ROOT = Path(env_str("KRING_STATIC_ROOT", str(STATIC_ROOT)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A connection kept between requests is checked first, so a restarted PostgreSQL costs one failed
# request at most instead of every process needing a restart.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Load balancers probe over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = json_logging(env_str("KRING_LOG_LEVEL", "INFO"))

KRING_HEALTHZ_QUEUE_MAX_AGE_S = env_int("KRING_HEALTHZ_QUEUE_MAX_AGE_S", 600)
