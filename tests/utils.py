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


def run_in_parallel(functions):
    """Run each function in its own thread and database connection, all
    released together by a barrier: [("ok", result) | ("error", exception)]."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = ("ok", fn())
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
