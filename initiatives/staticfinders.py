"""Serve plotly.js from the installed plotly package instead of committing a 4 MB copy.

The file appears as `vendor/plotly.min.js` to `{% static %}`, the development server, the test
live server and `collectstatic` (so whitenoise serves it in production like any other asset), and
its version is always the one the Python package builds figures for.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = "plotly.min.js"
PREFIX = "vendor"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = Path(plotly.__file__).resolve().parent / "package_data"
        self.storage = FileSystemStorage(location=self.location)
        # collectstatic and whitenoise put a storage's files under its prefix.
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        if not (self.location / PLOTLY_JS).is_file():
            return [
                Error(
                    f"plotly.js is missing from the plotly package at {self.location}.", id="initiatives.E001"
                )
            ]
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path == f"{PREFIX}/{PLOTLY_JS}":
            match = str(self.location / PLOTLY_JS)
            return [match] if find_all else match
        return [] if find_all else None

    def list(self, ignore_patterns):
        yield PLOTLY_JS, self.storage
