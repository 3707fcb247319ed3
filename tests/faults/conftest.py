"""Fault tests: they stop, kill and restart the real services, so they run alone, last.

`make faults` (the end of `make test`) runs them in their own pytest invocation after the
main suite. Services are driven through `scripts/services.sh stop|start|restart SERVICE` of
the checkout named by KB_FAULT_SERVICES_ROOT (default: this one, as in CI), whose ports the
settings must point at; every service a test stops is started again when it ends, even
when it fails.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from conftest import worker_environment
from kb.celery import app as celery_app

SERVICE_COMMAND_TIMEOUT_SECONDS = 300
WORKER_START_TIMEOUT_SECONDS = 60
DEADLINE_SECONDS = 180


def services_root():
    return Path(os.environ.get("KB_FAULT_SERVICES_ROOT") or settings.BASE_DIR)


def wait_for(condition, description, deadline=DEADLINE_SECONDS, interval=0.3, explain=None):
    """Poll `condition` until it returns something true, or fail after `deadline` seconds;
    the failure ends with what `explain()` says, when given."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    details = f": {explain()}" if explain else ""
    pytest.fail(f"timed out after {deadline} s waiting for {description}{details}")


class Services:
    """Stops and starts services through the project's script; remembers what it touched."""

    def __init__(self, root):
        self.script = root / "scripts" / "services.sh"
        self.touched = []

    def run(self, action, service):
        if service not in self.touched:
            self.touched.append(service)
        result = subprocess.run(
            [str(self.script), action, service],
            capture_output=True,
            text=True,
            timeout=SERVICE_COMMAND_TIMEOUT_SECONDS,
        )
        assert result.returncode == 0, (
            f"services.sh {action} {service} failed:\n{result.stdout}\n{result.stderr}"
        )
        if service == "postgres" and action in ("start", "restart"):
            # This process's connections died with the server; open new ones on next use.
            connections.close_all()

    def stop(self, service):
        self.run("stop", service)

    def start(self, service):
        self.run("start", service)

    def restart(self, service):
        self.run("restart", service)

    def restore(self):
        """Start every service this test touched (a no-op for those already running)."""
        for service in self.touched:
            self.run("start", service)


@pytest.fixture
def services():
    controller = Services(services_root())
    yield controller
    controller.restore()


class Worker:
    """A Celery worker in a process group of its own, so that it can be killed whole."""

    def __init__(self, queues, **environment):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kb", "worker", "-Q", queues, "-c", "2",
             "-l", "warning", "--without-gossip", "--without-mingle"],
            env={**worker_environment(), **environment},
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        deadline = time.monotonic() + WORKER_START_TIMEOUT_SECONDS
        while not celery_app.control.ping(timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError("the Celery worker did not answer within a minute")

    def kill(self):
        """SIGKILL to the main process and its pool: nothing gets to acknowledge or clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(django_db_blocker):
    """Starts workers on demand (`start_worker("indexing", ENV="value")`); stops them all."""
    workers = []

    def start(queues="celery,indexing,translation", **environment):
        with django_db_blocker.unblock():
            workers.append(Worker(queues, **environment))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()
