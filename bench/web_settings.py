"""The production settings plus one bare view (bench/web_urls.py) that the web benchmark uses
as its yardstick: the same middleware, no template and no query."""

from kring.settings_production import *  # noqa: F403

ROOT_URLCONF = "bench.web_urls"
