"""WSGI entry point for gunicorn: ``service.wsgi:app``."""

import gc

from service import create_app

app = create_app()
# The models just loaded are long-lived objects the cyclic collector would otherwise scan on
# every full collection, a pause that lands on whichever request triggers it (figures:
# `python bench/profile_verdict.py`).  Frozen, they are never scanned again; what requests
# allocate is collected as before.
gc.freeze()
