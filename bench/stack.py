"""The production stack on loopback: gunicorn (deploy/gunicorn.conf.py) and a Celery worker.

PostgreSQL and Redis are the machine's; the stack gets its own database, Redis db and
ports (bench.env). Worker memory is sampled from /proc all the while.
"""

import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import env


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def rss_mb(pid: int) -> float | None:
    """Return the resident memory of ``pid`` in MB (from /proc), or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    """Sample the RSS of every gunicorn worker (the master's children) every ``every`` s."""

    def __init__(self, master: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self.peak: dict[int, float] = {}
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for pid in _children(self.master):
                value = rss_mb(pid)
                if value is not None:
                    self.peak[pid] = max(self.peak.get(pid, 0.0), value)
            self.samples += 1
            self._halt.wait(self.every)

    def stop(self) -> dict:
        self._halt.set()
        self.join(timeout=5)
        return {
            "samples": self.samples,
            "workers_seen": len(self.peak),
            "peak_worker_rss_mb": round(max(self.peak.values(), default=0.0), 1),
            "master_rss_mb": round(rss_mb(self.master) or 0.0, 1),
        }


class Stack:
    """gunicorn and (optionally) a Celery worker for one bench database."""

    def __init__(
        self,
        database: str,
        *,
        worker: bool = True,
        log_dir: Path = env.VAR,
        extra_env: dict[str, str] | None = None,
    ):
        self.database, self.with_worker = database, worker
        self.extra_env = extra_env or {}
        self.log_dir = log_dir
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.sampler: MemorySampler | None = None
        self.url = f"http://{env.HOST}:{env.WEB_PORT}"

    @property
    def worker_log(self) -> Path:
        return self.log_dir / f"celery-{self.database}.log"

    def start(self) -> "Stack":
        self.log_dir.mkdir(parents=True, exist_ok=True)
        process_env = {
            **os.environ,
            **env.django_env(self.database),
            "GUNICORN_BIND": f"{env.HOST}:{env.WEB_PORT}",
            "GUNICORN_ERRORLOG": str(self.log_dir / f"gunicorn-{self.database}.log"),
            **self.extra_env,
        }
        self.web = subprocess.Popen(
            [str(env.BIN / "gunicorn"), "-c", str(env.ROOT / "deploy" / "gunicorn.conf.py"),
             "haat.wsgi:application"],
            cwd=env.ROOT, env=process_env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if self.with_worker:
            self.worker_log.unlink(missing_ok=True)
            self.worker = subprocess.Popen(
                [str(env.BIN / "celery"), "-A", "haat", "worker", "--concurrency", "2",
                 "--loglevel", "INFO", "--logfile", str(self.worker_log),
                 "-Q", process_env["CELERY_QUEUE"], "-n", f"bench-{self.database}@%h",
                 "--without-gossip", "--without-mingle"],
                cwd=env.ROOT, env=process_env, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        self._wait_ready()
        self.sampler = MemorySampler(self.web.pid)
        self.sampler.start()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.web.poll() is not None:
                raise RuntimeError("gunicorn exited at start; see var/bench/gunicorn-*.log")
            try:
                with urllib.request.urlopen(f"{self.url}/bench/ping/", timeout=2) as reply:  # noqa: S310 - loopback
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /bench/ping/ in time")

    def worker_pids(self) -> list[int]:
        return _children(self.web.pid) if self.web else []

    def stop(self) -> dict:
        """Stop both processes (their own process groups only); return the memory figures."""
        memory = self.sampler.stop() if self.sampler else {}
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.web, self.worker):
            if process is None:
                continue
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        return memory

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
