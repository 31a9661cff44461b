"""Security settings and habits that a refactor could quietly undo.

`manage.py check --deploy` with production settings is tested in tests/test_settings.py; the admin's
group access in tests/test_admin.py.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from initiatives.models import Mention
from tests.factories import make_actor, make_article, make_framework, make_stance

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("initiatives/**/templates")]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def production_settings() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="tracker.example",
        DJANGO_SETTINGS_MODULE="governance.settings",
    )
    code = (
        "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SESSION_COOKIE_HTTPONLY', 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS']}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_sends_cookies_over_https_only_and_asks_browsers_for_hsts():
    settings = production_settings()
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SESSION_COOKIE_HTTPONLY"]
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000 and settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert settings["SECURE_CONTENT_TYPE_NOSNIFF"] and settings["X_FRAME_OPTIONS"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/frameworks/", "/actors/", "/articles/", "/admin/login/"])
def test_pages_carry_a_content_security_policy_that_allows_only_our_own_scripts(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_admin_forms_refuse_a_post_without_the_csrf_token():
    curator = User.objects.create_superuser("curator", password="pw")
    client = Client(enforce_csrf_checks=True)
    assert client.post("/admin/login/", {"username": "curator", "password": "pw"}).status_code == 403
    client.force_login(curator)
    data = {"code": "ZZZ", "name": "Zedland", "kind": "country"}
    assert client.post("/admin/initiatives/actor/add/", data).status_code == 403
    token = client.get("/admin/initiatives/actor/add/").context["csrf_token"]
    response = client.post("/admin/initiatives/actor/add/", {**data, "csrfmiddlewaretoken": str(token)})
    assert response.status_code in (200, 302)


def template_files():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_no_template_switches_off_escaping():
    # Article text, evidence, titles and feed content all reach templates; none may be marked safe
    # there. Markup built in Python goes through format_html, which escapes its arguments.
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in template_files()
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\|\s*safe\b|autoescape\s+off|\|\s*safeseq\b", line)
    ]
    assert list(template_files()), "no templates found: the check would pass vacuously"
    assert offenders == []


@pytest.mark.django_db
def test_hostile_article_text_title_and_evidence_are_escaped_on_the_pages(client):
    actor = make_actor(code="CHN", name="China")
    framework = make_framework(slug="waico", name="World AI Cooperation Organization")
    article = make_article(title=f"Title {HOSTILE}", text=f"China backs it. {HOSTILE} The end.")
    Mention.objects.create(article=article, actor=actor, matched_text="China", start=0, end=5)
    make_stance(actor=actor, framework=framework, source=article, evidence=f"China {HOSTILE}")
    for path in (f"/articles/{article.pk}/", "/articles/", "/frameworks/waico/", "/actors/CHN/"):
        body = client.get(path).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, path
    assert "&lt;script&gt;" in client.get(f"/articles/{article.pk}/").content.decode()
