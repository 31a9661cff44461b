"""Placeholder pages until the dashboard lands: the home page links to the admin."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from .models import Article, Framework, Summit


def home(request):
    return HttpResponse(
        '<!doctype html><title>AI Governance Tracker</title><h1>AI Governance Tracker</h1>'
        '<p><a href="/admin/">Curate the records in the admin</a></p>'
    )


def framework_detail(request, slug):
    framework = get_object_or_404(Framework, slug=slug)
    return redirect("admin:initiatives_framework_change", framework.pk)


def summit_detail(request, slug):
    summit = get_object_or_404(Summit, slug=slug)
    return redirect("admin:initiatives_summit_change", summit.pk)


def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    return redirect("admin:initiatives_article_change", article.pk)
