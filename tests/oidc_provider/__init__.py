"""A real OpenID Connect provider for the tests: django-oauth-toolkit in a small Django project of
its own, run in a separate process on 127.0.0.1 (``serve.py``, started by ``fixtures.py``)."""
