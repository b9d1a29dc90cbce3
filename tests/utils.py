import pytest
from django.conf import settings

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="needs real parallel connections and row locks; SQLite serialises writers. "
    "CI runs this on PostgreSQL.",
)


def fetch_export(client, url, data=None):
    """Open an export link as a person would: the first answer is "being
    prepared" (202, rendered after commit by the task, run in-process here),
    the second the stored file. Returns (first response, file response,
    file bytes); the file is read and closed."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        first = client.get(url, data or {})
    if first.status_code != 202:
        return first, first, body(first)
    again = client.get(url, data or {})
    return first, again, body(again)


def body(response) -> bytes:
    """The bytes of a response, streamed (stored files) or not."""
    if getattr(response, "streaming", False):
        # Reading to the end closes the file (the test client wraps the iterator).
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(content: bytes) -> str:
    """The text of a PDF, as a reader copies it (pdftotext from poppler-utils)."""
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()
