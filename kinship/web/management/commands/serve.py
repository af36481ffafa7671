"""Start the web server and the background worker together (what `make run` calls)."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Kinship Hub with gunicorn, with the task worker and scheduler beside it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args, port, host, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "kinship.settings.demo")}
        # The worker of the configured tasks backend (settings/base.py TASKS_BACKEND).
        worker_command = (["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
                          if settings.TASKS_BACKEND == "rq" else ["db_worker", "--interval", "2"])
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *worker_command], env=env
        )
        scheduler = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "scheduler"], env=env
        )
        self.stdout.write(self.style.SUCCESS(f"\nKinship Hub is running at http://{host}:{port}/"))
        self.stdout.write(f"Staff sign in at http://{host}:{port}/accounts/login/\n")
        call_command("demo_signins")
        self.stdout.write("Press Ctrl+C to stop.\n")
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "kinship.wsgi:application", "--bind",
             f"{host}:{port}", "--workers", "2", "--threads", "4", "--access-logfile", "-",
             "--env", f"DJANGO_SETTINGS_MODULE={env['DJANGO_SETTINGS_MODULE']}"],
            env=env,
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for proc in (server, worker, scheduler):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in (server, worker, scheduler):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
