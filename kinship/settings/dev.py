"""Development: the demo settings with DEBUG on (tracebacks, static files from the source tree).
Use with DJANGO_SETTINGS_MODULE=kinship.settings.dev."""

from .demo import *  # noqa: F403

DEBUG = True
