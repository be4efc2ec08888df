"""WSGI entry point for the production server (config/gunicorn.conf.py).

Serving means production unless said otherwise: ``make run`` sets
DJANGO_SETTINGS_MODULE=config.settings.local for plain http on the loopback.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
