"""The follow pages: subscribe, confirm, manage (private, by token), unsubscribe (signed link)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..filters.responses import reports_filter_errors
from . import mail, subscriptions
from .forms import TARGET_PARAMETERS, FollowForm, FrequencyForm, read_target
from .lists import list_url
from .models import Follow, Follower

log = logging.getLogger(__name__)


def _private(response):
    """Pages reached by a private token: never cached, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _over_rate_limit(request) -> bool:
    """FOLLOW_RATE_LIMIT subscriptions per client address per hour (a fixed window in the cache)."""
    key = f"follow-rate:{request.META.get('REMOTE_ADDR', '')}"
    try:
        cache.add(key, 0, 3600)
        return cache.incr(key) > settings.FOLLOW_RATE_LIMIT
    except Exception:  # the cache is away: the per-address limit on confirmations still holds
        log.warning("follow rate limit not checked (cache unreachable)", exc_info=True)
        return False


def _target_context(target) -> dict:
    return {
        "target": target,
        "list_url": list_url(target.list_path, target.list_query) if target.list_path else "",
    }


@require_http_methods(["GET", "HEAD", "POST"])
@reports_filter_errors("html", takes=TARGET_PARAMETERS)
def follow(request):
    """/follow/?framework=SLUG (or actor=CODE, list=URL): the subscribe form."""
    target = read_target(request.GET)
    user = request.user if request.user.is_authenticated else None
    context = _target_context(target)
    if request.method != "POST":
        context["form"] = FollowForm(user=user)
        return render(request, "initiatives/follow/follow.html", context)
    if _over_rate_limit(request):
        context["message"] = (
            "Too many subscriptions from your address in the last hour. Please try again later."
        )
        return render(request, "initiatives/follow/message.html", context, status=429)
    form = FollowForm(request.POST, user=user)
    if not form.is_valid():
        context["form"] = form
        return render(request, "initiatives/follow/follow.html", context, status=400)
    if form.cleaned_data["website"]:  # the field only bots fill in: answer as if it worked
        return render(request, "initiatives/follow/check_inbox.html", context)
    frequency = form.cleaned_data["frequency"]
    if user is not None and user.email:
        follower = subscriptions.follower_for(user.email, user)
        subscriptions.follow(follower, target, frequency=frequency, confirmed=True)
        return redirect("initiatives:follow:manage", follower.token)
    # An address typed in is not the user's until confirmed: it is not linked to their account.
    follower = subscriptions.follower_for(form.cleaned_data["email"])
    item = subscriptions.follow(follower, target, frequency=frequency, confirmed=False)
    # The same answer whether or not the address already follows something: nobody learns that here.
    # A follow confirmed before but unsubscribed since is confirmed again (its link turns e-mail back on).
    unconfirmed = item.confirmed_at is None or follower.unsubscribed_at is not None
    if unconfirmed and subscriptions.claim_confirmation_mail(follower):
        try:
            mail.confirmation_message(item, frequency).send()
        except Exception:
            log.exception("confirmation e-mail to follower %s not sent", follower.pk)
            Follower.objects.filter(pk=follower.pk).update(confirmation_sent_at=None)
            context["message"] = "The confirmation e-mail could not be sent just now. Please try again later."
            return render(request, "initiatives/follow/message.html", context, status=503)
    return render(request, "initiatives/follow/check_inbox.html", context)


def confirm(request, token):
    """The double opt-in link: confirms one follow."""
    try:
        payload = mail.read_confirm_token(token)
    except signing.SignatureExpired:
        message = "This confirmation link has expired. Follow again to get a new one."
        return render(request, "initiatives/follow/message.html", {"message": message}, status=400)
    except signing.BadSignature:
        message = "This confirmation link is not valid. Copy the whole link from the e-mail."
        return render(request, "initiatives/follow/message.html", {"message": message}, status=400)
    item = Follow.objects.filter(pk=payload.get("follow"), follower__email=payload.get("email")).first()
    if item is None:
        raise Http404("This follow no longer exists.")
    subscriptions.confirm(item)
    if payload.get("frequency"):
        subscriptions.set_frequency(item.follower, payload["frequency"])
    return redirect("initiatives:follow:manage", item.follower.token)


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """The follower's private page: what they follow, the Atom feed, how often, unfollow."""
    follower = get_object_or_404(Follower, token=token[:64])
    if request.method == "POST":
        if request.POST.get("unfollow"):
            follow_id = request.POST["unfollow"]
            if follow_id.isascii() and follow_id.isdigit() and len(follow_id) < 19:
                subscriptions.unfollow(follower, int(follow_id))
        else:
            form = FrequencyForm(request.POST)
            if form.is_valid():
                subscriptions.set_frequency(follower, form.cleaned_data["frequency"])
        return redirect("initiatives:follow:manage", follower.token)
    follows = follower.follows.select_related("framework", "actor")
    context = {
        "follower": follower,
        "follows": follows,
        "frequency_form": FrequencyForm(initial={"frequency": follower.frequency}),
        "feed_url": mail.feed_url(follower),
        "unsubscribe_url": mail.unsubscribe_url(follower),
    }
    return _private(render(request, "initiatives/follow/manage.html", context))


def mine(request):
    """/follow/mine/: a signed-in user's settings page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    follower = Follower.objects.filter(user=request.user).first()
    if follower is None:
        message = "You follow nothing yet: use the Follow button on a framework or an actor page."
        return render(request, "initiatives/follow/message.html", {"message": message})
    return redirect("initiatives:follow:manage", follower.token)


# A mail client's one-click unsubscribe (RFC 8058) POSTs with no CSRF token: the signed link is the proof.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: one button (link scanners follow links; they must not unsubscribe anyone). POST: done."""
    try:
        payload = mail.read_unsubscribe_token(token)
    except signing.BadSignature:
        message = "This unsubscribe link is not valid. Copy the whole link from the e-mail."
        return render(request, "initiatives/follow/message.html", {"message": message}, status=400)
    follower = Follower.objects.filter(pk=payload.get("follower"), email=payload.get("email")).first()
    if follower is None:
        message = "This address follows nothing here any more: there is nothing to unsubscribe from."
        return render(request, "initiatives/follow/message.html", {"message": message})
    if request.method == "POST":
        subscriptions.unsubscribe(follower)
        context = {"follower": follower, "done": True, "settings_url": mail.settings_url(follower)}
        return _private(render(request, "initiatives/follow/unsubscribe.html", context))
    return _private(render(request, "initiatives/follow/unsubscribe.html", {"follower": follower}))
