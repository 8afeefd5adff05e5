"""Settings for the test suite (``pytest`` picks them through pyproject): a throw-away data
dir, a fast password hasher. The database is SQLite unless PARKESG_DATABASE_URL names a
PostgreSQL server (``make test-postgres``). The SQLite test database is a file (in memory
where the machine has /dev/shm), not SQLite's shared-cache memory database: threads of a
concurrency test then lock it as the served platform's connections do (BEGIN IMMEDIATE and a
busy timeout) instead of failing at once with “database table is locked”. Each pytest-xdist
worker gets a data dir of its own: the controller's, inherited through the environment,
would let one worker's stored files show up in another's checks."""

import os
import tempfile

if _worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["PARKESG_DATA_DIR"] = tempfile.mkdtemp(prefix=f"parkesg-test-{_worker}-")
os.environ.setdefault("PARKESG_DATA_DIR", tempfile.mkdtemp(prefix="parkesg-test-"))
os.environ.setdefault("PARKESG_SECRET_KEY", "test-only-not-secret")

from parkesg.web.settings import *  # noqa: F403

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    _dir = "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir()
    # one file per test run (Django deletes it at the end)
    _name = os.path.join(_dir, f"parkesg-test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": _name}  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, tests only
# 403 / 404 are what the access tests expect: do not log each one.
_loggers = dict(LOGGING["loggers"])  # type: ignore[call-overload, used-before-def]  # noqa: F405
_loggers["django.request"] = {"level": "ERROR"}
LOGGING = {**LOGGING, "loggers": _loggers}  # noqa: F405
