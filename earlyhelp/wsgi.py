"""WSGI entry point for production servers (e.g. gunicorn earlyhelp.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earlyhelp.settings")
application = get_wsgi_application()
