"""Test-wide environment, loaded as a plugin (-p) so it is set before Django reads its settings."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# No developer's .env (make setup writes DEBUG=1 there): tests see only this environment.
os.environ.setdefault("ENV_FILE", "")
os.environ.setdefault("INGEST_ALLOW_PRIVATE_NETWORKS", "1")
# The test client and the browser tests' live server speak plain HTTP (production redirects to HTTPS).
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Tests run without collectstatic: plain storage instead of whitenoise's manifest.
os.environ.setdefault("STATIC_MANIFEST", "0")
