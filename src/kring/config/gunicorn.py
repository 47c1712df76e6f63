"""gunicorn's settings for `scripts/serve.sh` (`gunicorn -c python:kring.config.gunicorn`).
Workers and address come from the command line; this file adds the JSON logs and timeouts."""

from kring.config.env import env_str
from kring.ops.logging import json_logging

wsgi_app = "kring.wsgi:application"
accesslog = "-"
errorlog = "-"
logconfig_dict = json_logging(env_str("KRING_LOG_LEVEL", "INFO"))
# A request that takes longer than this is cut off and its worker replaced.
timeout = 60
graceful_timeout = 30
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
