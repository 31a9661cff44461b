"""ingest_file refuses a file over the size cap before reading it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from initiatives.models import Article

pytestmark = pytest.mark.django_db


def test_a_file_over_the_cap_is_refused_with_its_size_and_nothing_is_stored(tmp_path, settings):
    settings.INGEST_MAX_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_text("Delegates met in Shanghai. " * 100)
    with pytest.raises(CommandError, match=r"2,700 bytes, over the limit of 1,000 bytes"):
        call_command("ingest_file", str(big))
    assert not Article.objects.exists()


def test_the_cap_can_be_raised_for_one_file(tmp_path, settings):
    settings.INGEST_MAX_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_text("Delegates met in Shanghai. " * 100)
    with pytest.raises(CommandError, match="over the limit of 2,000 bytes"):
        call_command("ingest_file", str(big), "--max-bytes", "2000")
    call_command("ingest_file", str(big), "--max-bytes", "10000")
    assert Article.objects.count() == 1
