"""A throwaway PostgreSQL server on loopback, for tests and trying the PostgreSQL store.

    with temporary_postgres() as server:          # raises PostgresUnavailable if no binaries
        url = server.create_database("t1")        # postgresql://postgres@127.0.0.1:PORT/t1

It looks for ``initdb``/``pg_ctl`` on PATH, in ``$TOCSIN_PG_BIN`` and in
``/usr/lib/postgresql/*/bin`` (Debian's ``postgresql`` package). PostgreSQL refuses to
run as root, so under root the cluster is created and run as the ``postgres`` user
(created by that package) via ``runuser``/``su``.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_pg_bin() -> Path | None:
    candidates = []
    if os.environ.get("TOCSIN_PG_BIN"):
        candidates.append(Path(os.environ["TOCSIN_PG_BIN"]))
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).resolve().parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    def __init__(self, bindir: Path, root: Path, port: int, user: str | None) -> None:
        self.bindir, self.root, self.port, self.user = bindir, root, port, user
        self.data = root / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        self._n = 0

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            runner = shutil.which("runuser")
            cmd = [runner, "-u", self.user, "--", *cmd] if runner else ["su", self.user, "-s", "/bin/sh", "-c",
                                                                        " ".join(cmd)]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        r = self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--no-locale", "--no-sync")
        if r.returncode != 0:
            raise PostgresUnavailable(f"initdb failed: {r.stderr.strip()[-500:]}")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off")
        r = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60",
                      "-o", opts, "start")
        if r.returncode != 0:
            log = (self.root / "log").read_text(errors="replace")[-800:] if (self.root / "log").exists() else ""
            raise PostgresUnavailable(f"pg_ctl start failed: {r.stderr.strip()[-300:]} {log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def create_database(self, name: str | None = None) -> str:
        import psycopg

        self._n += 1
        name = name or f"tocsin_test_{self._n}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def temporary_postgres() -> Iterator[TempPostgres]:
    bindir = find_pg_bin()
    if bindir is None:
        raise PostgresUnavailable("no initdb/pg_ctl found (install the 'postgresql' package)")
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PostgresUnavailable("psycopg is not installed") from exc
    user = None
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root and there is no 'postgres' user") from None
        user = "postgres"
    root = Path(tempfile.mkdtemp(prefix="tocsin-pg-"))
    if user:
        shutil.chown(root, user)
        os.chmod(root, 0o700)
    server = TempPostgres(bindir, root, _free_port(), user)
    try:
        server.start()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)
