"""A helper server the tests start as a subprocess (localstripe, the PayPal stand-in): start, wait, log, stop.

Subclasses say how to run it (`command`, `environment`, `cwd`) and how to tell it is up
(`ping`, which raises URLError or ConnectionError until it answers). The process gets
SIGTERM if pytest dies (PR_SET_PDEATHSIG) and is stopped by its pid.
"""
import logging
import os
import subprocess
import tempfile
import time
import urllib.error

from tests.support import die_with_parent

log = logging.getLogger(__name__)


class ServerProcess:
    """A subprocess serving HTTP on 127.0.0.1 for the tests, with its output in a temporary log file."""

    name = "server"

    def __init__(self):
        self.process = None
        self._log_file = None

    def command(self):
        """The argv that starts the server."""
        raise NotImplementedError

    def environment(self):
        """The server's environment (None: inherit ours)."""
        return None

    def cwd(self):
        """The folder the server runs in (None: ours)."""
        return None

    def ping(self):
        """Return once the server answers; raise URLError or ConnectionError while it does not."""
        raise NotImplementedError

    def start(self, timeout=30):
        """Start the server and wait until it answers; RuntimeError with its log if it does not."""
        self._log_file = tempfile.NamedTemporaryFile(  # pylint: disable=consider-using-with
            prefix=f"{self.name.replace(' ', '-')}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            self.command(), cwd=self.cwd(), env=self.environment(), stdout=self._log_file,
            stderr=subprocess.STDOUT, preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.ping()
                log.info("%s ready (pid %s)", self.name, self.process.pid)
                return self
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(  # pylint: disable=raise-missing-from
                        f"{self.name} did not answer within {timeout}s:\n{self.log_tail()}")
                time.sleep(0.1)

    def stop(self):
        """Terminate the process (by its pid) and remove its log file."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log_file:
            self._log_file.close()
            os.unlink(self._log_file.name)
            self._log_file = None

    def log_tail(self, lines=40):
        """The last lines the server printed (access log, tracebacks)."""
        if not self._log_file:
            return ""
        with open(self._log_file.name, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
