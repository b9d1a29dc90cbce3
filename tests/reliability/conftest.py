"""Real parts for the fault tests: a Redis server of the test's own on a spare
port (never the one on 6379), Celery worker processes pointed at it and at the
test database, a local SMTP sink that counts what it accepted, and an SMTP
socket that accepts and never answers. Every process is started and stopped
by the test that uses it."""

import contextlib
import email
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal import outbox
from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# ------------------------------------------------------------------ Redis

class RedisServer:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, timeout=10, what="redis-server to answer")

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def queue_length(self, name="celery") -> int:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(f"LLEN {name}\r\n".encode())
            return int(s.recv(64).decode().strip().lstrip(":"))


# ------------------------------------------------------------------ SMTP

class _SmtpHandler(socketserver.StreamRequestHandler):
    def _reply(self, text: str):
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        sink = self.server.sink
        self._reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].decode("latin-1").upper()
            if verb == "EHLO":
                self._reply("250-sink")
                self._reply("250 8BITMIME")
            elif verb == "HELO" or verb in ("MAIL", "RSET", "NOOP"):
                self._reply("250 OK")
            elif verb == "RCPT":
                if sink.should_hold():
                    sink.held.set()
                    sink.release.wait(60)  # the slow server: the client waits here
                    self._reply("451 try again later")
                    continue
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 go ahead")
                chunks = []
                while True:
                    data = self.rfile.readline()
                    if not data or data == b".\r\n":
                        break
                    chunks.append(data[1:] if data.startswith(b"..") else data)
                if not data:
                    return  # the client went away mid-message: nothing accepted
                sink.accept(email.message_from_bytes(b"".join(chunks)))
                self._reply("250 accepted")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("500 unknown command")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """Accepts every message and records it; can stall at a given message
    (its RCPT is not answered until `release`) to play a slow mail server."""

    def __init__(self):
        self.server = _Server(("127.0.0.1", 0), _SmtpHandler)
        self.server.sink = self
        self.port = self.server.server_address[1]
        self.messages = []
        self.lock = threading.Lock()
        self.hold_at = None
        self.held, self.release = threading.Event(), threading.Event()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def should_hold(self) -> bool:
        with self.lock:
            return self.hold_at is not None and len(self.messages) >= self.hold_at

    def accept(self, message):
        with self.lock:
            self.messages.append(message)

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def message_ids(self) -> Counter:
        with self.lock:
            return Counter(m["Message-ID"] for m in self.messages)

    def stop_holding(self):
        with self.lock:
            self.hold_at = None
        self.release.set()

    def close(self):
        self.stop_holding()
        self.server.shutdown()
        self.server.server_close()


class HangingSmtp:
    """A mail server that accepts connections and never says a word."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self.lock = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with self.lock:
                if self.closed:
                    conn.close()
                    return
                self.connections.append(conn)

    def close(self):
        with self.lock:
            self.closed = True
            for conn in self.connections:
                conn.close()
        self.sock.close()
        self.thread.join(5)


# ------------------------------------------------------------------ Celery workers

class Worker:
    """`celery worker` in its own process (solo pool: the process that runs
    the task is the one killed), on the test's Redis and the test database."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.process = env, log, None

    def start(self):
        self.offset = self.log.stat().st_size if self.log.exists() else 0
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "-P", "solo", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-l", "INFO", "-n", f"reliability-{uuid.uuid4().hex[:8]}@%h"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        out.close()
        wait_for(lambda: " ready." in self.output() or self.process.poll() is not None, timeout=60,
                 what="the worker to be ready")
        assert self.process.poll() is None, self.output()
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")[self.offset:] if self.log.exists() else ""

    def succeeded(self, task_name: str) -> int:
        """How many runs of the task this worker's log reports as succeeded."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return sum(1 for line in text.splitlines() if f"{task_name}[" in line and " succeeded " in line)

    def kill(self):
        """SIGKILL: no chance to acknowledge, release or clean anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def broker(url: str):
    """This process publishes to the test's Redis, for real (not eagerly)."""
    saved = {k: celery_app.conf[k] for k in ("broker_url", "broker_write_url", "broker_read_url",
                                             "broker_transport_options", "task_always_eager")}

    def reset_pools():
        # Forget the pools (kombu keeps them per broker URL; closing one would
        # break the next test that publishes to the same URL).
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    reset_pools()
    celery_app.conf.update(broker_url=url, broker_write_url=None, broker_read_url=None, task_always_eager=False,
                           broker_transport_options={"visibility_timeout": 3, "socket_connect_timeout": 1,
                                                     "max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                                     "interval_max": 0.5})
    outbox.reset_broker_state()
    try:
        yield
    finally:
        reset_pools()
        celery_app.conf.update(saved)
        outbox.reset_broker_state()


class Rig:
    """What a fault test needs, built once per test and torn down after it."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.redis = RedisServer(tmp)
        self.sink = SmtpSink()
        self.workers = []

    def database_url(self) -> str:
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def worker(self, *, smtp_port=None, **env) -> Worker:
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
        environment.update({
            "DJANGO_SETTINGS_MODULE": "portal.settings", "DATABASE_URL": self.database_url(),
            "REDIS_URL": self.redis.url, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port or self.sink.port}",
            "EMAIL_TIMEOUT": "10", "CELERY_VISIBILITY_TIMEOUT": "3", "OUTBOX_LEASE_SECONDS": "4",
            "OUTBOX_BACKOFF_SECONDS": "1",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT), "PORTAL_VAR_DIR": str(self.tmp / "var"),
            "CELERY_TASK_ALWAYS_EAGER": "false", "LOG_FORMAT": "plain",
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        environment.update({k: str(v) for k, v in env.items()})
        worker = Worker(environment, self.tmp / f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker

    def relay(self):
        """What beat does every minute: ask a worker to run the relay."""
        from portal.tasks import outbox_relay

        outbox_relay.apply_async(retry=False)

    def close(self):
        for worker in self.workers:  # the test is over: no need for a graceful shutdown
            if worker.process and worker.process.poll() is None:
                worker.kill()
        self.sink.close()
        self.redis.stop()


@pytest.fixture
def rig(transactional_db, tmp_path, settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (make test installs it)")
    settings.OUTBOX = {**settings.OUTBOX, "LEASE_SECONDS": 4}
    rig = Rig(tmp_path)
    rig.redis.start()
    try:
        with broker(rig.redis.url):
            yield rig
    finally:
        rig.close()
        connection.close()
