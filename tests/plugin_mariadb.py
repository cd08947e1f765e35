"""Pytest plugin: run the test suite against a throwaway MariaDB server.

How it is wired (chosen after checking pytest 9 / pytest-django 4.14 hook order):

* pytest.ini has ``pythonpath = .`` and ``addopts = -p tests.plugin_mariadb``.
  pytest 9 applies ``pythonpath`` *before* importing ``-p`` plugins, so both
  ``python -m pytest`` and the bare ``pytest`` script can import this module.
* pytest-django imports the Django settings in its (plain) ``pytest_load_initial_conftests``
  hook. Ours is ``tryfirst=True``, so it runs before that: it starts ``mariadbd``
  and exports ``FEE_TRAINING_TEST_DB_HOST/PORT/USER/PASSWORD``, which
  ``tests/settings.py`` reads to build ``DATABASES``.
* The server is stopped (by pid) and its folder deleted through
  ``config.add_cleanup``, which runs at the end of the session even when
  configuration fails part-way.  The server also gets SIGTERM when pytest dies
  (``PR_SET_PDEATHSIG``).

Nothing is started when ``FEE_TRAINING_TEST_DB=sqlite`` (fast local runs), when
``FEE_TRAINING_TEST_DB_HOST`` is already set (use that running server), or for
``--help``/``--version``.
"""
import getpass
import logging
import os
import shutil
import subprocess
import tempfile
import time

import pytest

from tests.support import die_with_parent, free_port

log = logging.getLogger(__name__)

SBIN_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/usr/bin"])
STARTUP_TIMEOUT = 60
FOLDER_PREFIX = "fee-training-mariadb-"


def _which(name):
    """Find a MariaDB binary, also in sbin folders that are not on a normal user's PATH."""
    found = shutil.which(name, path=SBIN_PATH)
    if not found:
        raise pytest.UsageError(
            f"{name} not found: run `make system-deps` (installs mariadb-server) "
            "or set FEE_TRAINING_TEST_DB=sqlite for a quick run on SQLite."
        )
    return found


def _sweep_stale_folders(max_age=600):
    """Delete folders left by runs that were killed (SIGKILL skips cleanup): no live server, old."""
    parent = tempfile.gettempdir()
    for name in os.listdir(parent):
        if not name.startswith(FOLDER_PREFIX):
            continue
        path = os.path.join(parent, name)
        try:
            if time.time() - os.path.getmtime(path) < max_age:
                continue
            with open(os.path.join(path, "mariadbd.pid"), encoding="ascii") as handle:
                os.kill(int(handle.read().strip()), 0)
            continue  # still running: another session's server
        except (OSError, ValueError):
            shutil.rmtree(path, ignore_errors=True)


class MariaDBServer:
    """A mariadbd process with its data in a temporary folder, reachable on 127.0.0.1."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix=FOLDER_PREFIX)
        self.port = None
        self.process = None
        self.user = "root"
        self.password = ""

    @property
    def error_log(self):
        """Path of the server's error log (its startup messages end up there)."""
        return os.path.join(self.folder, "error.log")

    def start(self):
        """Initialise a data directory, start mariadbd and wait until it accepts connections."""
        datadir = os.path.join(self.folder, "data")
        user = getpass.getuser()
        init = subprocess.run(
            [_which("mariadb-install-db"), "--no-defaults", f"--user={user}", f"--datadir={datadir}",
             "--auth-root-authentication-method=normal", "--skip-test-db"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
        )
        if init.returncode:
            raise RuntimeError(f"mariadb-install-db failed:\n{init.stdout[-3000:]}")
        self.port = free_port()
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [_which("mariadbd"), "--no-defaults", f"--user={user}", f"--datadir={datadir}",
             f"--socket={self.folder}/sock", f"--pid-file={self.folder}/mariadbd.pid",
             f"--log-error={self.error_log}", f"--tmpdir={self.folder}",
             f"--port={self.port}", "--bind-address=127.0.0.1", "--skip-name-resolve",
             "--skip-log-bin", "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci",
             # Throwaway data: trade durability for speed.
             "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
             "--innodb-buffer-pool-size=128M", "--max-connections=300"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent,
        )
        self._wait_ready()
        log.info("MariaDB ready on 127.0.0.1:%s (pid %s, folder %s)", self.port, self.process.pid, self.folder)

    def _wait_ready(self):
        """Poll with PyMySQL until the server answers; fail clearly after STARTUP_TIMEOUT s."""
        import pymysql  # pylint: disable=import-outside-toplevel

        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"mariadbd exited with code {self.process.returncode}:\n{self._log_tail()}")
            try:
                pymysql.connect(host="127.0.0.1", port=self.port, user=self.user,
                                password=self.password, connect_timeout=2).close()
                return
            except pymysql.err.OperationalError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(  # pylint: disable=raise-missing-from
                        f"MariaDB did not accept connections within {STARTUP_TIMEOUT}s:\n{self._log_tail()}"
                    )
                time.sleep(0.1)

    def _log_tail(self):
        """The last lines of the error log, for error messages."""
        try:
            with open(self.error_log, encoding="utf-8", errors="replace") as handle:
                return "".join(handle.readlines()[-20:])
        except OSError:
            return "(no error log)"

    def stop(self):
        """Terminate the server by pid (SIGKILL after 20 s) and delete its folder."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def export_env(self):
        """Publish the connection details in the environment read by tests/settings.py."""
        os.environ.update({
            "FEE_TRAINING_TEST_DB_HOST": "127.0.0.1",
            "FEE_TRAINING_TEST_DB_PORT": str(self.port),
            "FEE_TRAINING_TEST_DB_USER": self.user,
            "FEE_TRAINING_TEST_DB_PASSWORD": self.password,
        })


SERVER_KEY = pytest.StashKey[MariaDBServer]()
STARTUP_KEY = pytest.StashKey[float]()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """Start MariaDB before pytest-django imports tests.settings (see module docstring)."""
    del parser, args
    opts = early_config.known_args_namespace
    if getattr(opts, "help", False) or getattr(opts, "version", False):
        return
    if os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite":
        return
    if os.environ.get("FEE_TRAINING_TEST_DB_HOST"):
        return
    started = time.monotonic()
    _sweep_stale_folders()
    server = MariaDBServer()
    early_config.add_cleanup(server.stop)
    server.start()
    server.export_env()
    early_config.stash[SERVER_KEY] = server
    early_config.stash[STARTUP_KEY] = time.monotonic() - started


def pytest_report_header(config):
    """Say which database the run uses."""
    if os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite":
        return "database: SQLite (FEE_TRAINING_TEST_DB=sqlite)"
    server = config.stash.get(SERVER_KEY, None)
    if server is None:
        return f"database: existing MariaDB/MySQL at {os.environ.get('FEE_TRAINING_TEST_DB_HOST')}"
    return (f"database: throwaway MariaDB on 127.0.0.1:{server.port}, pid {server.process.pid}, "
            f"started in {config.stash[STARTUP_KEY]:.1f}s")
