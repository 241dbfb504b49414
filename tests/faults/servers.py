"""Throwaway servers for the faults suite: each test gets its own, and breaks them at will.

Never the machine's shared PostgreSQL (5432) or Redis (6379): a private PostgreSQL
cluster (copied from one migrated once per run) and a private Redis, on free loopback
ports, and real Celery workers, beat and gunicorn processes pointed at them.
"""

import contextlib
import glob
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg2

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll ``predicate`` until it returns a true value; return it, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name) or name


def _as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "postgres:postgres", str(path)], check=True)  # noqa: S603,S607


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary folder, on a port of its own."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.log = root / "postgres.log"

    @classmethod
    def create(cls, root: Path) -> "PostgresCluster":
        root.mkdir(parents=True, exist_ok=True)
        _give_to_postgres(root)
        cluster = cls(root)
        subprocess.run(  # noqa: S603
            _as_postgres([_pg_bin("initdb"), "-D", str(cluster.data), "-U", "postgres",
                          "--auth=trust", "--encoding=UTF8", "--no-instructions"]),
            check=True, capture_output=True,
        )  # fmt: skip
        return cluster

    def copy_to(self, root: Path) -> "PostgresCluster":
        """Return a new cluster holding a copy of this (stopped) one's data."""
        root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.data, root / "data", symlinks=True)
        _give_to_postgres(root)
        return type(self)(root)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/haat"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(  # noqa: S603
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o",
                          options, "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(  # noqa: S603
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]),
            check=False, capture_output=True,
        )  # fmt: skip

    def connect(self, dbname: str = "haat"):
        return psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, connect_timeout=5
        )

    def accepts_connections(self) -> bool:
        try:
            self.connect(dbname="postgres").close()
        except psycopg2.OperationalError:
            return False
        return True

    def settings_dict(self) -> dict:
        return {"NAME": "haat", "USER": "postgres", "PASSWORD": "", "HOST": "127.0.0.1",
                "PORT": str(self.port)}  # fmt: skip


class RedisServer:
    """A private Redis that keeps an append-only file, as a production broker must."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.process = None
        root.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - redis-server from the machine's PATH
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", str(self.root),
             "--daemonize", "no", "--logfile", str(self.root / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, 20, what="Redis to start")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Service:
    """One of our processes (worker, beat, gunicorn), its output in a log file."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path):
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.process = None

    def start(self) -> "Service":
        out = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            self.argv, cwd=BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        out.close()
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown, no acknowledgement, nothing."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if not self.alive:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Stack:
    """The servers of one test and the processes started against them."""

    def __init__(self, root: Path, postgres: PostgresCluster, redis: RedisServer, static: Path):
        self.root, self.postgres, self.redis, self.static = root, postgres, redis, static
        self.services: list[Service] = []
        self.sms_log = root / "sms.log"
        self.media = root / "media"
        self.var = root / "var"

    def env(self, **extra) -> dict:
        """Return the environment of a production process pointed at this stack."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "GUNICORN"))}
        env.update(
            DATABASE_URL=self.postgres.url,
            REDIS_URL=self.redis.url,
            CACHE_KEY_PREFIX="faults",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            STATIC_ROOT=str(self.static),
            MEDIA_ROOT=str(self.media),
            HAAT_VAR_DIR=str(self.var),
            SMS_BACKEND="tests.faults.support.FileSMSBackend",
            HAAT_FAULTS_SMS_LOG=str(self.sms_log),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            # A task whose worker was killed is delivered again after this many seconds.
            CELERY_VISIBILITY_TIMEOUT="10",
            LOG_FORMAT="json",
            DJANGO_SETTINGS_MODULE="haat.settings",
        )
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def _service(self, name: str, argv: list[str], **env) -> Service:
        service = Service(name, argv, self.env(**env), self.root / f"{name}.log")
        self.services.append(service)
        return service.start()

    def worker(self, name: str = "worker", **env) -> Service:
        return self._service(
            name,
            [PYTHON, "-m", "celery", "-A", "haat", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "-n", f"{name}-{uuid.uuid4().hex[:6]}@%h"],
            **env,
        )  # fmt: skip

    def beat(self, name: str = "beat", **env) -> Service:
        return self._service(
            name,
            [PYTHON, "-m", "celery", "-A", "haat", "beat", "--loglevel=INFO",
             f"--pidfile={self.root / (name + '.pid')}"],
            **env,
        )  # fmt: skip

    def web(self, name: str = "web", workers: int = 2, threads: int = 4, **env) -> "Web":
        port = free_port()
        self._service(
            name,
            # No control socket: its default path is one per user, shared by every gunicorn.
            [PYTHON, "-m", "gunicorn", "-c", str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
             "--no-control-socket", "haat.wsgi"],
            GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=workers, GUNICORN_THREADS=threads,
            GUNICORN_WORKER_TMP_DIR=str(self.root), GUNICORN_ACCESSLOG="-", **env,
        )  # fmt: skip
        web = Web(port)
        wait_for(web.up, 60, what="gunicorn to answer")
        return web

    def send_task(self, name: str, *args) -> None:
        """Publish a task through this stack's broker, as beat or a web process would."""
        from celery import Celery

        app = Celery("faults", broker=self.redis.url)
        app.conf.update(task_serializer="json", accept_content=["json"])
        try:
            app.send_task(name, args=list(args), queue="celery")
        finally:
            app.close()

    def sms_lines(self, prefix: str = "sent") -> list[str]:
        if not self.sms_log.exists():
            return []
        lines = self.sms_log.read_text().splitlines()
        return [line for line in lines if line.startswith(prefix + " ")]

    def shutdown(self) -> None:
        for service in reversed(self.services):
            service.stop()
        self.redis.stop()
        self.postgres.stop("immediate")


class Web:
    """A browser for the stack's gunicorn: cookies, CSRF, and the headers nginx adds."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def clone(self) -> "Web":
        return Web(self.port)

    def up(self) -> bool:
        try:
            return self.request("GET", "/health/", timeout=15)[0] in {200, 503}
        except OSError:
            return False

    def request(self, method: str, path: str, data: dict | None = None, timeout: float = 30):
        """Return (status, body text, headers) of one request."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            # nginx terminates TLS and says so; the site trusts it (SECURE_PROXY_SSL_HEADER).
            "X-Forwarded-Proto": "https",
            "Host": f"127.0.0.1:{self.port}",
            "Accept-Language": "en",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method != "GET":
            headers["Origin"] = origin
            headers["Referer"] = origin + "/"
            token = self.cookies.get("csrftoken", "")
            headers["X-CSRFToken"] = token
            body = urllib.parse.urlencode({**(data or {}), "csrfmiddlewaretoken": token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text, dict(response.getheaders())
        finally:
            conn.close()

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def login(self, phone: str, password: str) -> None:
        self.get("/accounts/login/")
        status, _text, headers = self.post(
            "/accounts/login/", {"phone": phone, "password": password}
        )
        assert status == 302, f"log-in answered {status}"


def idempotency_key(page: str) -> str | None:
    found = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page)
    return found.group(1) if found else None


def make_tempdir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
