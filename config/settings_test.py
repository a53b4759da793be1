"""Settings for the test suite: debug off (as in production), fast hashing, mail kept in memory."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")

from config.settings import *  # noqa: E402,F403


def scratch_directory(prefix: str) -> Path:  # noqa: F405
    """A directory of this test process only, removed when the process ends: the uploads, the
    collected static files and the test database of a run leave nothing behind in /tmp."""
    path = Path(tempfile.mkdtemp(prefix=prefix))  # noqa: F405
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = scratch_directory("tuchtdossier-test-media-")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
STATIC_ROOT = scratch_directory("tuchtdossier-test-static-")
# django-axes counts failed logins and needs the request in authenticate(); tests that check the
# lockout switch it on with pytest-django's `settings` fixture.
AXES_ENABLED = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, like production's: the live server's threads then each have their
    # own connection, and WAL, the busy timeout and IMMEDIATE transactions are what the tests
    # exercise (an in-memory test database shares one connection between threads).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("TUCHT_TEST_DATABASE")  # mutation testing: a migrated copy
        or str(scratch_directory("tuchtdossier-test-db-") / "test.sqlite3"),
    }
# Each test sees the figures of its own data.
STATISTICS_CACHE_SECONDS = 0
STATISTICS_SNAPSHOT_SECONDS = 0
# The second factor is switched on by the tests that check it (`settings.OTP_REQUIRED = True`);
# every other test logs in with force_login or the password form alone.
OTP_REQUIRED = False
