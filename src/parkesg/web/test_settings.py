"""Settings for the test suite (``pytest`` picks them through pyproject): a throw-away data
dir, a fast password hasher. The database is SQLite in memory unless PARKESG_DATABASE_URL
names a PostgreSQL server (``make test-postgres``)."""

import os
import tempfile

os.environ.setdefault("PARKESG_DATA_DIR", tempfile.mkdtemp(prefix="parkesg-test-"))
os.environ.setdefault("PARKESG_SECRET_KEY", "test-only-not-secret")

from parkesg.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, tests only
# 403 / 404 are what the access tests expect: do not log each one.
LOGGING = {**LOGGING, "loggers": {"django.request": {"level": "ERROR"}}}  # noqa: F405
