import pytest
from django.conf import settings

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs real parallel connections and row locks; SQLite serialises writers. "
    "CI runs this on PostgreSQL.",
)
