"""The transactional outbox: every side effect of a service leaves through it.

A service writes its side effects — Celery tasks to queue, e-mails to send —
as rows of `portal.OutboxMessage` inside its own transaction. They exist
exactly when the service's writes exist. After commit they are handed on at
once, best effort (a task is published to the broker, an e-mail is passed to
a worker); whatever could not be handed on stays pending and the relay (a
periodic task every minute, or `manage.py outbox_relay`) sends it later with
exponential backoff. A row is marked sent only once its effect happened: the
broker accepted the task, or the mail server accepted the e-mail. After
`OUTBOX["MAX_ATTEMPTS"]` failures a row is "failed": staff see it in the
admin (Portal › Outbox) with its last error and retry it from there.

A web request never talks to the mail server and never waits on the broker:
the hand-over after commit uses no retries and a short connection timeout,
swallows every error (the relay takes over) and, after a failure, stops
trying for `OUTBOX["BROKER_RETRY_SECONDS"]`.

The API (call it inside the service's `transaction.atomic()`):

    from portal import outbox

    outbox.enqueue_task("accreditation.tasks.run_automatic_checks", args=[app.pk],
                        key=f"application-checks:{app.pk}")
    outbox.enqueue_email(to=[user.email], subject_template="app/email/x_subject.txt",
                         body_template="app/email/x.txt", html_template="app/email/x.html",  # optional
                         context={"inquiry": inquiry, "link": link}, language=user.preferred_language,
                         key=f"inquiry-acknowledgement:{inquiry.pk}",
                         on_sent="partnerships.services.inquiry_acknowledgement_sent",   # optional
                         on_sent_args=[inquiry.pk])

    # Many at once (one INSERT): build unsaved rows, then enqueue them together.
    outbox.enqueue([outbox.email(...), outbox.email(...), outbox.task(...)])
    # Text rendered already (once per language for many people):
    outbox.rendered_email(to=[...], subject=..., body=..., html=..., key=...)

- `key` names the effect and is unique: queuing the same key again does
  nothing, so a retried or redelivered code path never queues an effect twice.
  Name keys "<what>:<ids>" (e.g. "reminder:42:amina@example.org").
- Task arguments must be JSON (ids, not objects). The task itself must be
  idempotent (a claim or a unique key): delivery is at least once.
- E-mails are rendered when queued, in `language` (the context may hold model
  instances); links come from `settings.SITE_URL`, never from a request.
  Each message goes to the addresses in `to` (one message: recipients see
  each other — queue one per person to keep addresses private).
- `on_sent` ("module.function") is called with `on_sent_args` in the same
  transaction that marks the e-mail sent: record "notified at" there, so a
  domain row says "sent" only when the mail server accepted the message.

Tests run Celery eagerly, so the hand-over after commit runs the task or sends
the e-mail in-process: wrap the service call in
`django_capture_on_commit_callbacks(execute=True)` and read `mail.outbox`,
or assert the queued rows (`OutboxMessage.objects.filter(key=...)`).
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Count, F, Min, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)

State = OutboxMessage.State
Kind = OutboxMessage.Kind

DEFAULTS = {
    "MAX_ATTEMPTS": 10,          # then "failed", for staff to look at
    "BACKOFF_SECONDS": 30,       # first retry after 30 s, then 60, 120, ... (with jitter)
    "MAX_BACKOFF_SECONDS": 3600,
    "LEASE_SECONDS": 300,        # a claimed row another relay may take over after this
    "BATCH_SIZE": 50,            # rows claimed at a time
    "DELIVER_CHUNK": 100,        # e-mails per hand-over task
    "BROKER_RETRY_SECONDS": 15,  # after a failed hand-over, requests stop trying for this long
    "KEEP_SENT_DAYS": 30,        # sent rows are deleted after this
    "MAX_PENDING_AGE_SECONDS": 1800,  # /healthz fails readiness past this
}

TASK_ID_NAMESPACE = uuid.UUID("0b7a6c1e-4f0e-4f57-9d34-7d0f3e0f6f11")


def conf(name: str):
    return getattr(settings, "OUTBOX", {}).get(name, DEFAULTS[name])


# ------------------------------------------------------------------ building rows

def task(name: str, *, args: Iterable = (), kwargs: dict | None = None, key: str) -> OutboxMessage:
    """An unsaved row for a Celery task (pass it to `enqueue`)."""
    return OutboxMessage(kind=Kind.TASK, key=_key(key), task_name=name, args=list(args), kwargs=kwargs or {},
                         next_attempt_at=timezone.now())


def email(*, to: Iterable[str], subject_template: str, body_template: str, context: dict, key: str,
          language: str = "", html_template: str = "", from_email: str = "", on_sent: str = "",
          on_sent_args: Iterable = (), attachments: Iterable[dict] = ()) -> OutboxMessage:
    """An unsaved, rendered e-mail row (pass it to `enqueue`)."""
    recipients = [address for address in to if address]
    if not recipients:
        raise ValueError("an e-mail needs at least one recipient")
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _render_text(subject_template, context)
        body = _render_text(body_template, context)
        html = render_to_string(html_template, context) if html_template else ""
        language = translation.get_language()
    return rendered_email(to=recipients, subject=subject, body=body, html=html, key=key, from_email=from_email,
                          on_sent=on_sent, on_sent_args=on_sent_args, language=language, attachments=attachments)


def _render_text(template_name: str, context: dict) -> str:
    """A plain-text part: no HTML escaping (an apostrophe stays an apostrophe)."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def rendered_email(*, to: Iterable[str], subject: str, body: str, key: str, html: str = "", from_email: str = "",
                   on_sent: str = "", on_sent_args: Iterable = (), language: str = "",
                   attachments: Iterable[dict] = ()) -> OutboxMessage:
    """An unsaved e-mail row from text already rendered (e.g. once per
    language for many recipients). `attachments`: documents of the export
    registry (portal/exports.py) rendered by the worker when it sends, each
    `attachment(exporter, object_id, language)`."""
    recipients = [address for address in to if address]
    if not recipients:
        raise ValueError("an e-mail needs at least one recipient")
    return OutboxMessage(kind=Kind.EMAIL, key=_key(key), to=recipients, subject=" ".join(subject.split())[:998],
                         body=body, html=html, from_email=from_email, on_sent=on_sent,
                         on_sent_args=list(on_sent_args), language=language or "",
                         attachments=list(attachments), next_attempt_at=timezone.now())


def attachment(exporter: str, object_id, *, language: str, fmt: str = "pdf") -> dict:
    """A document to attach to an e-mail, rendered when the e-mail is sent
    (e.g. the pass: `attachment("participation.badge", registration.pk, language=...)`)."""
    return {"exporter": exporter, "object_id": str(object_id), "language": language, "fmt": fmt}


def _render_attachment(spec: dict) -> tuple[str, bytes, str] | None:
    from . import exports

    exporter = exports.REGISTRY[spec["exporter"]]
    with translation.override(spec.get("language") or settings.LANGUAGE_CODE):
        obj = exporter.get_object(spec["object_id"])
        if obj is None:  # gone since the e-mail was queued: send without it
            return None
        fmt = spec.get("fmt", "pdf")
        content = exporter.render(obj, {}, fmt, lambda *progress: None)
        return exporter.filename(obj, {}, fmt), content, exports.FORMATS.get(fmt, "application/octet-stream")


def _key(key: str) -> str:
    if not key or len(key) > 255:
        raise ValueError("an outbox key is required (at most 255 characters)")
    return key


# ------------------------------------------------------------------ queuing

def enqueue_task(name: str, *, args: Iterable = (), kwargs: dict | None = None, key: str) -> None:
    enqueue([task(name, args=args, kwargs=kwargs, key=key)])


def enqueue_email(**kwargs) -> None:
    """Keyword arguments as `email(...)`."""
    enqueue([email(**kwargs)])


@dataclass
class _Batch:
    keys: list[str] = field(default_factory=list)
    flushed: bool = False


def enqueue(messages: Iterable[OutboxMessage]) -> int:
    """Insert the rows in the current transaction (keys already queued are
    skipped) and hand them on after commit. Returns how many were given."""
    messages = list(messages)
    if not messages:
        return 0
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True, batch_size=500)
    conn = transaction.get_connection()
    batch = getattr(conn, "_outbox_batch", None)
    if batch is None or batch.flushed:
        batch = conn._outbox_batch = _Batch()
    batch.keys.extend(m.key for m in messages)
    # One callback per call: whichever survives savepoint rollbacks and runs
    # first hands on the whole batch; the others find it flushed.
    transaction.on_commit(lambda: _flush(batch))
    return len(messages)


def _flush(batch: _Batch) -> None:
    if batch.flushed:
        return
    batch.flushed = True
    try:
        hand_over(keys=batch.keys)
    except Exception:
        if _eager_propagates():
            raise
        logger.warning("outbox: hand-over after commit failed; the relay will send later", exc_info=True)


def _eager_propagates() -> bool:
    from .celery import app

    return bool(app.conf.task_always_eager and app.conf.task_eager_propagates)


# ------------------------------------------------------------------ hand-over after commit

_broker_down_until = 0.0


def broker_available() -> bool:
    return time.monotonic() >= _broker_down_until


def _broker_failed() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + conf("BROKER_RETRY_SECONDS")


def reset_broker_state() -> None:
    """Forget an earlier broker failure (tests; an operator's shell)."""
    global _broker_down_until
    _broker_down_until = 0.0


def hand_over(*, keys: Iterable[str]) -> None:
    """Right after commit: publish the rows' tasks and pass their e-mails to a
    worker. Never sends mail here. Anything not handed on stays pending."""
    if not broker_available():
        return
    keys = list(dict.fromkeys(keys))
    tasks, emails = [], []
    for i in range(0, len(keys), 500):
        for pk, kind in OutboxMessage.objects.filter(key__in=keys[i:i + 500], state=State.PENDING).values_list(
                "pk", "kind"):
            (tasks if kind == Kind.TASK else emails).append(pk)
    if tasks:
        claim, rows = _claim(OutboxMessage.objects.filter(pk__in=tasks, state=State.PENDING), limit=len(tasks))
        try:
            for row in rows:
                _publish(row)
                _mark_sent(row, claim)
                rows = rows[1:]
        except Exception as exc:
            _release(rows, claim, exc)
            raise
    if emails:
        from .tasks import outbox_deliver

        chunk = conf("DELIVER_CHUNK")
        for i in range(0, len(emails), chunk):
            _apply_async(outbox_deliver, args=[emails[i:i + chunk]])


def _apply_async(task_obj, *, args=(), kwargs=None, task_id=None):
    try:
        return task_obj.apply_async(args=args, kwargs=kwargs or {}, task_id=task_id, retry=False)
    except Exception:
        if not task_obj.app.conf.task_always_eager:
            _broker_failed()
        raise


def _task_by_module(app, name: str):
    """A task whose module this process has not imported yet (its name is its dotted path)."""
    try:
        import_module(name.rsplit(".", 1)[0])
    except ImportError:
        return None
    return app.tasks.get(name)


def _publish(row: OutboxMessage) -> None:
    from .celery import app

    task_id = str(uuid.uuid5(TASK_ID_NAMESPACE, row.key))
    task_obj = app.tasks.get(row.task_name) or _task_by_module(app, row.task_name)
    if task_obj is not None:
        _apply_async(task_obj, args=row.args, kwargs=row.kwargs, task_id=task_id)
    else:  # a task only a worker knows: publish it by name
        try:
            app.send_task(row.task_name, args=row.args, kwargs=row.kwargs, task_id=task_id, retry=False)
        except Exception:
            _broker_failed()
            raise


# ------------------------------------------------------------------ claiming and marking

def _due() -> Q:
    now = timezone.now()
    return Q(state=State.PENDING, next_attempt_at__lte=now) | Q(state=State.SENDING, locked_until__lt=now)


def _claim(qs, *, limit: int) -> tuple[uuid.UUID, list[OutboxMessage]]:
    """Take up to `limit` rows for this process (rows others hold are skipped)."""
    claim = uuid.uuid4()
    with transaction.atomic():
        pks = list(qs.select_for_update(skip_locked=True).order_by("pk").values_list("pk", flat=True)[:limit])
        if not pks:
            return claim, []
        OutboxMessage.objects.filter(pk__in=pks).update(
            state=State.SENDING, claim=claim, locked_until=timezone.now() + timedelta(seconds=conf("LEASE_SECONDS")),
            attempts=F("attempts") + 1)
    return claim, list(OutboxMessage.objects.filter(pk__in=pks, claim=claim).order_by("pk"))


def _db_retry(fn, tries: int = 4):
    """Run `fn` again on a fresh connection when the database connection was
    lost (outside an enclosing transaction only): marking a row sent must not
    be lost once its effect happened."""
    for attempt in range(tries):
        try:
            return fn()
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or attempt == tries - 1:
                raise
            logger.warning("outbox: database connection lost, reconnecting", exc_info=True)
            connection.close()
            time.sleep(0.2 * (attempt + 1))
    return None


def _mark_sent(row: OutboxMessage, claim: uuid.UUID) -> bool:
    def mark():
        with transaction.atomic():
            done = OutboxMessage.objects.filter(pk=row.pk, claim=claim, state=State.SENDING).update(
                state=State.SENT, sent_at=timezone.now(), locked_until=None, claim=None, last_error="",
                body="", html="")  # the content has left; keep the record, not the text
            if not done:
                logger.warning("outbox: %s was taken over by another relay before it was marked sent", row.key)
            elif row.on_sent:
                try:
                    with transaction.atomic():
                        import_string(row.on_sent)(*row.on_sent_args)
                except (OperationalError, InterfaceError):
                    raise  # the connection is gone: mark again on a fresh one
                except Exception:  # the effect happened: never send it again because a hook failed
                    logger.exception("outbox: %s was sent but its hook %s failed", row.key, row.on_sent)
            return bool(done)

    return _db_retry(mark)


def backoff_seconds(attempts: int) -> float:
    base = conf("BACKOFF_SECONDS") * 2 ** max(attempts - 1, 0)
    return min(base, conf("MAX_BACKOFF_SECONDS")) * random.uniform(0.9, 1.1)  # noqa: S311  retry jitter, not a secret


def _describe(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:2000]


def _record_failure(row: OutboxMessage, claim: uuid.UUID, exc: BaseException) -> None:
    failed = row.attempts >= conf("MAX_ATTEMPTS")
    update = {"state": State.FAILED if failed else State.PENDING, "locked_until": None, "claim": None,
              "last_error": _describe(exc),
              "next_attempt_at": None if failed else timezone.now() + timedelta(seconds=backoff_seconds(row.attempts))}
    _db_retry(lambda: OutboxMessage.objects.filter(pk=row.pk, claim=claim).update(**update))
    (logger.error if failed else logger.warning)(
        "outbox: %s %s (attempt %s): %s", row.key, "failed for good" if failed else "will be retried",
        row.attempts, update["last_error"])


def _release(rows: list[OutboxMessage], claim: uuid.UUID, exc: BaseException) -> None:
    """Give back rows this process claimed but did not try (the attempt does not count)."""
    if rows:
        OutboxMessage.objects.filter(pk__in=[r.pk for r in rows], claim=claim, state=State.SENDING).update(
            state=State.PENDING, locked_until=None, claim=None, attempts=F("attempts") - 1,
            last_error=_describe(exc))


# ------------------------------------------------------------------ sending (workers only)

def message_id(key: str) -> str:
    """The same Message-ID for every attempt at one row, so a receiving system
    can recognise the rare duplicate (a worker killed after the server
    accepted a message and before the row was marked)."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "ngo-portal.invalid"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def build_message(row: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    headers = {"Message-ID": message_id(row.key)}
    if row.language:
        headers["Content-Language"] = row.language
    msg = EmailMultiAlternatives(row.subject, row.body, row.from_email or None, row.to, connection=connection,
                                 headers=headers)
    if row.html:
        msg.attach_alternative(row.html, "text/html")
    for spec in row.attachments:
        rendered = _render_attachment(spec)
        if rendered:
            msg.attach(*rendered)
    return msg


class _Sender:
    """Carries out claimed rows; one mail-server connection for all of them."""

    def __init__(self):
        self.mail = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._close_mail()

    def _close_mail(self):
        if self.mail is not None:
            try:
                self.mail.close()
            except Exception:  # a dead connection may fail to close; nothing to keep
                logger.debug("outbox: closing the mail connection failed", exc_info=True)
            self.mail = None

    def _send_email(self, row: OutboxMessage) -> None:
        if self.mail is None:
            self.mail = get_connection(fail_silently=False)
            self.mail.open()
        try:
            sent = self.mail.send_messages([build_message(row, self.mail)])
        except Exception:
            self._close_mail()  # the next message starts a fresh conversation
            raise
        if not sent:
            raise RuntimeError("the mail server did not accept the message")

    def process(self, rows: list[OutboxMessage], claim: uuid.UUID, deadline: float) -> dict:
        counts = {"sent": 0, "retry": 0, "released": 0}
        for i, row in enumerate(rows):
            if time.monotonic() > deadline:  # the lease is running out: give the rest back
                _release(rows[i:], claim, RuntimeError("not tried before the claim ran out"))
                counts["released"] += len(rows) - i
                break
            try:
                if row.kind == Kind.TASK:
                    _publish(row)
                else:
                    self._send_email(row)
            except Exception as exc:
                _record_failure(row, claim, exc)
                if row.kind == Kind.TASK and _eager_propagates():
                    raise  # tests: a task that fails in-process shows its error
                counts["retry"] += 1
                continue
            _mark_sent(row, claim)
            counts["sent"] += 1
        return counts


def deliver(ids: Iterable[int]) -> dict:
    """Carry out the given rows if they are still pending (a worker runs this
    right after the commit that queued them)."""
    ids = list(ids)
    claim, rows = _claim(OutboxMessage.objects.filter(pk__in=ids).filter(_due()), limit=len(ids))
    with _Sender() as sender:
        return sender.process(rows, claim, _deadline())


def _deadline() -> float:
    # Leave a margin inside the lease: a row must be marked before another relay may take it over.
    return time.monotonic() + conf("LEASE_SECONDS") * 0.8


def relay(*, limit: int | None = None, max_seconds: float | None = None) -> dict:
    """Send everything due (pending and past its backoff, or claimed by a
    process that died). The periodic task and `manage.py outbox_relay` call it."""
    totals = {"sent": 0, "retry": 0, "released": 0}
    started = time.monotonic()
    done = 0
    with _Sender() as sender:
        while limit is None or done < limit:
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                break
            size = conf("BATCH_SIZE") if limit is None else min(conf("BATCH_SIZE"), limit - done)
            claim, rows = _claim(OutboxMessage.objects.filter(_due()), limit=size)
            if not rows:
                break
            for name, n in sender.process(rows, claim, _deadline()).items():
                totals[name] += n
            done += len(rows)
    totals["purged"] = purge_sent()
    return totals


def purge_sent() -> int:
    cutoff = timezone.now() - timedelta(days=conf("KEEP_SENT_DAYS"))
    return OutboxMessage.objects.filter(state=State.SENT, sent_at__lt=cutoff).delete()[0]


def retry_now(queryset) -> int:
    """Staff's "retry now": failed or waiting rows become due at once, with a
    fresh count of attempts, and are handed on after commit."""
    with transaction.atomic():
        rows = list(queryset.filter(state__in=(State.FAILED, State.PENDING)).values_list("key", flat=True))
        OutboxMessage.objects.filter(key__in=rows).update(state=State.PENDING, attempts=0,
                                                          next_attempt_at=timezone.now())
        batch = _Batch(keys=rows)
        transaction.on_commit(lambda: _flush(batch))
    return len(rows)


def backlog() -> dict:
    """What /healthz reports: rows not yet sent (pending or being sent), the
    age of the oldest in seconds, and the failed ones."""
    waiting = Q(state__in=(State.PENDING, State.SENDING))
    row = OutboxMessage.objects.aggregate(pending=Count("pk", filter=waiting),
                                          oldest=Min("created_at", filter=waiting),
                                          failed=Count("pk", filter=Q(state=State.FAILED)))
    age = (timezone.now() - row["oldest"]).total_seconds() if row["oldest"] else 0.0
    return {"pending": row["pending"], "oldest_pending_seconds": round(age, 1), "failed": row["failed"]}
