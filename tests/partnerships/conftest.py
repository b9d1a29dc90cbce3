import secrets

import pytest
from django.core.cache import cache

from partnerships.search import VERSION_KEY


@pytest.fixture(autouse=True)
def _fresh_directory_cache():
    """The directory caches its counts per version; each test starts on a
    version of its own (without flushing a cache other tests may share)."""
    cache.set(VERSION_KEY, secrets.randbelow(10**12) + 10, None)
    yield
