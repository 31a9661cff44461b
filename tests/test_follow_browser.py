"""The follow pages on a phone, in Debian's Chromium: one fills the form with a thumb, nothing is wider
than the screen, and axe-core finds no serious or critical violation."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from initiatives.choices import FrameworkKind
from initiatives.follow.mail import unsubscribe_url
from initiatives.follow.models import Follow, Follower
from tests.chromium import pytestmark  # noqa: F401  (read by pytest)
from tests.factories import make_actor, make_framework, make_stance
from tests.test_browser_phones_a11y import OVERFLOWING, PHONE, serious_violations

pytestmark = [*pytestmark]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= PHONE, page.evaluate(OVERFLOWING)


def test_the_follow_pages_work_at_phone_width(phone, live_server, tmp_path):
    cache.clear()
    france = make_actor(code="FRA", name="France")
    cets = make_framework(
        slug="cets-225",
        name="Council of Europe Framework Convention on Artificial Intelligence and Human Rights, "
        "Democracy and the Rule of Law",
        short_name="CETS 225",
        kind=FrameworkKind.TREATY,
    )
    make_stance(actor=france, framework=cets)

    phone.goto(f"{live_server.url}/frameworks/cets-225/")
    phone.get_by_role("link", name="Follow CETS 225").click()
    phone.wait_for_load_state()
    assert "/follow/?framework=cets-225" in phone.url
    assert fits_the_screen(phone) == (True, [])
    assert serious_violations(phone) == []
    phone.screenshot(path=str(tmp_path / "follow-form.png"), full_page=True)

    phone.get_by_label("Your e-mail address").fill("reader@example.org")
    phone.get_by_label("As soon as it is published").check()
    phone.get_by_role("button", name="Follow").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", name="Check your inbox").is_visible()
    follower = Follower.objects.get(email="reader@example.org")
    assert Follow.objects.get(follower=follower).confirmed_at is None

    Follow.objects.filter(follower=follower).update(confirmed_at=timezone.now())
    phone.goto(f"{live_server.url}/follow/me/{follower.token}/")
    assert phone.get_by_role("heading", name="What you follow").is_visible()
    assert fits_the_screen(phone) == (True, [])
    assert serious_violations(phone) == []
    phone.screenshot(path=str(tmp_path / "follow-manage.png"), full_page=True)

    phone.goto(unsubscribe_url(follower).replace("http://127.0.0.1:8000", live_server.url))
    phone.get_by_role("button", name="Unsubscribe").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", name="You are unsubscribed").is_visible()
    assert fits_the_screen(phone) == (True, [])
    assert phone.errors == []
