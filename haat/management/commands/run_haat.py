"""Run the whole marketplace on one machine: web server, Celery worker and beat."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the web server, a Celery worker and Celery beat; stop all on Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("HAAT_ADDR", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("HAAT_PORT", "8000"))

    def handle(self, *args, addr, port, **options):
        python = sys.executable
        base = str(settings.BASE_DIR)
        commands = {
            "web": [python, "manage.py", "runserver", f"{addr}:{port}", "--noreload"],
            # -B runs beat inside this one worker: exactly one beat, as there must be.
            "worker": [
                python, "-m", "celery", "-A", "haat", "worker", "-B",
                "--pool=solo", "--loglevel=INFO",
                "--schedule", str(settings.VAR_DIR / "celerybeat-schedule"),
            ],
        }  # fmt: skip
        processes = {
            name: subprocess.Popen(command, cwd=base)  # noqa: S603 - our own commands
            for name, command in commands.items()
        }
        time.sleep(2)
        host = "localhost" if addr in {"127.0.0.1", "0.0.0.0"} else addr  # noqa: S104
        self.stdout.write(
            self.style.SUCCESS(
                f"\nOnline Haat is running: http://{host}:{port}/\n"
                f"Admin: http://{host}:{port}/admin/  login 01700000000 / haat-admin-demo\n"
                "Stop with Ctrl-C.\n"
            )
        )
        stopping = False

        def stop(*_args):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(f"{name} stopped (exit {process.returncode}).")
                        stopping = True
                time.sleep(1)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
