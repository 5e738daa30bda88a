"""A production installation on the hosts of tests/deployment/hosts.py: two application
servers (gunicorn with ``voorrang.config.gunicorn``, each on a host of its own), HAProxy in
front of them on the machine itself, one Redis (the shared cache of the rate limits) and one
PostgreSQL (the test database).

PostgreSQL here listens on the machine's loopback address only, which the hosts cannot reach:
HAProxy also relays plain TCP from the bridge's address to it. That relay is the test's own
plumbing; in a real installation the servers reach the database server directly."""

from __future__ import annotations

import csv
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.deployment.hosts import Host, Network
from tests.needs import program
from tests.processes import clean_environment

APP_PORT = 8000
WORKERS = 2
# The request header by which a test sends a request to one server (HAProxy's use-server),
# and the answer's header that names the server that answered.
PIN_HEADER = "X-Test-Server"
SERVED_BY = "X-Served-By"


def free_port(address: str) -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def wait_until(ready, what: str, timeout: float, log: Path | None = None) -> None:
    """Call ``ready`` until it is true; after ``timeout`` seconds fail, with the end of
    ``log``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise RuntimeError(f"{what} was not ready after {timeout:.0f} s\n{tail}")


def _answers(url: str) -> bool:
    # With the host name the proxy sends (ALLOWED_HOSTS), not the server's address.
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=2) as answer:
            return answer.status == 200
    except (OSError, urllib.error.URLError):
        return False


def haproxy_config(
    *, gateway: str, port: int, servers: dict[str, str], database: tuple[str, int, int], run: Path
) -> str:
    """HAProxy in front of ``servers`` (name: address), listening on 127.0.0.1:``port``; and
    the relay from ``gateway`` to PostgreSQL (``database``: host, port, port to listen on)."""
    database_host, database_port, relay_port = database
    pins = "\n".join(
        f"    use-server {name} if {{ req.hdr({PIN_HEADER}) -m str {name} }}" for name in servers
    )
    backends = "\n".join(
        f"    server {name} {address}:{APP_PORT} check maxconn {WORKERS}"
        for name, address in servers.items()
    )
    return f"""\
global
    maxconn 2000
    stats socket {run}/admin.sock mode 600 level admin
    log stderr format short local0 info

defaults
    log global
    mode http
    option httplog
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout queue 15s
    timeout http-request 10s
    # A request whose connection to a server failed was never sent: try again, and on
    # another server. A request already sent is never tried again by the proxy: the server
    # may have stored it before it died (the client may retry it: a response is idempotent).
    retries 3
    option redispatch 1

frontend portal
    bind 127.0.0.1:{port}
    # Replaces what the client sent (docs/deployment.md, "The client's address").
    http-request set-header X-Forwarded-For %[src]
    default_backend app

backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri / ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    # A check waits in the server's backlog behind the requests its synchronous workers are
    # busy with (a log-in hashes its password for a fifth of a second): it has 5 s, and a
    # server is out after three failed checks. A server that is gone refuses the
    # connection at once: out after three refused connections of requests or checks (about
    # a second). Back after two good checks. maxconn is the server's number of workers: the
    # other requests wait here, not in the server's backlog, where a server that dies would
    # take them with it.
    timeout check 5s
    default-server inter 500ms fall 3 rise 2 observe layer4 error-limit 3 on-error mark-down
{pins}
{backends}
    http-response set-header {SERVED_BY} %[srv_name]

listen database
    mode tcp
    option tcplog
    bind {gateway}:{relay_port}
    timeout client 1h
    timeout server 1h
    server postgres {database_host}:{database_port}
"""


@dataclass
class AppServer:
    """gunicorn with the production settings, inside ``host``."""

    host: Host
    environment: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host.address}:{APP_PORT}"

    def start(self) -> None:
        command = self.host.command(
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:voorrang.config.gunicorn",
            "voorrang.config.wsgi",
        )
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, env=self.environment, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self, timeout: float = 180) -> None:
        # gunicorn loads the whole application before it listens (preload_app): about 6 s of
        # CPU, and much longer on a machine that other work keeps busy.
        def ready() -> bool:
            if not self.running():
                raise RuntimeError(
                    f"gunicorn on {self.host.name} stopped:\n" + self.log.read_text()
                )
            return _answers(self.url + "/")

        wait_until(ready, f"gunicorn on {self.host.name}", timeout, self.log)

    def kill(self) -> list[int]:
        """SIGKILL the master and its workers, all at once; returns their process ids."""
        killed = self.host.kill_everything()
        if self.process is not None:
            self.process.wait(timeout=10)
        return killed

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Installation:
    network: Network
    folder: Path
    database: dict[str, str]
    servers: dict[str, AppServer] = field(default_factory=dict)
    url: str = ""
    redis_url: str = ""
    _processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self) -> None:
        gateway = self.network.gateway
        redis_port = free_port(gateway)
        relay_port = free_port(gateway)
        proxy_port = free_port("127.0.0.1")
        self.url = f"http://127.0.0.1:{proxy_port}"
        # Redis refuses other hosts unless it has a password (its protected mode).
        redis_password = secrets.token_hex(16)
        self.redis_url = f"redis://:{redis_password}@{gateway}:{redis_port}/0"

        redis_log = self.folder / "redis.log"
        self._spawn(
            [
                program("redis-server") or "redis-server",
                "--bind",
                gateway,
                "--port",
                str(redis_port),
                "--requirepass",
                redis_password,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            redis_log,
        )

        config = self.folder / "haproxy.cfg"
        config.write_text(
            haproxy_config(
                gateway=gateway,
                port=proxy_port,
                servers={name: host.address for name, host in self.network.hosts.items()},
                database=(self.database["host"], int(self.database["port"]), relay_port),
                run=self.folder,
            )
        )
        proxy_log = self.folder / "haproxy.log"
        self._spawn([program("haproxy") or "haproxy", "-db", "-f", str(config)], proxy_log)

        environment = self.environment(
            database=(
                f"postgres://{self.database['user']}{self.database['password']}"
                f"@{gateway}:{relay_port}/{self.database['name']}?conn_max_age=600"
            ),
            cache=(
                f"rediscache://:{redis_password}@{gateway}:{redis_port}/0"
                f"?key_prefix=voorrang-{self.network.token}"
            ),
        )
        for name, host in self.network.hosts.items():
            data = self.folder / name / "data"
            data.mkdir(parents=True)
            run = self.folder / name / "run"
            run.mkdir(mode=0o700)
            self.servers[name] = AppServer(
                host=host,
                environment={
                    **environment,
                    "VOORRANG_BIND": f"{host.address}:{APP_PORT}",
                    "VOORRANG_DATA_DIR": str(data),  # each host's own disk
                    # gunicorn's control socket, $XDG_RUNTIME_DIR/gunicorn.ctl: each host
                    # has its own, as separate machines have.
                    "XDG_RUNTIME_DIR": str(run),
                },
                log=self.folder / name / "gunicorn.log",
            )
        wait_until(self._redis_answers, "redis-server", 15, redis_log)
        for server in self.servers.values():
            server.start()
        for server in self.servers.values():
            server.wait_ready()
        self.wait_for_proxy(up=set(self.servers))

    def environment(self, *, database: str, cache: str) -> dict[str, str]:
        """The settings every application server gets (docs/deployment.md)."""
        settings = {
            "DATABASE_URL": database,
            "CACHE_URL": cache,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "VOORRANG_CLIENT_IP_HEADER": "X-Forwarded-For",
            "VOORRANG_TRUSTED_PROXIES": self.network.gateway,
            "WEB_CONCURRENCY": str(WORKERS),
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "dummymail://",
            # Every seeker of the load may respond to every vacancy of the test, and send
            # each response again (the default allows 20 sends a minute).
            "VOORRANG_MAX_OPEN_RESPONSES": "50",
            "VOORRANG_RESPONSE_ATTEMPTS": "60",
            "PYTHONUNBUFFERED": "1",
            # Evidence uploaded through one server is read through the other.
            "VOORRANG_FILE_STORAGE": "database",
        }
        return clean_environment(**settings)

    def _spawn(self, command: list[str], log: Path) -> subprocess.Popen:
        with log.open("a") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        self._processes.append(process)
        return process

    def _redis_answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.redis_url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    # --- HAProxy's view ------------------------------------------------------------------

    def proxy_command(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as admin:
            admin.settimeout(5)
            admin.connect(str(self.folder / "admin.sock"))
            admin.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := admin.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def proxy_states(self) -> dict[str, str]:
        """The status HAProxy gives each application server (``UP``, ``DOWN``, ...)."""
        try:
            text = self.proxy_command("show stat")
        except OSError:
            return {}
        rows = csv.DictReader(text.lstrip("# ").splitlines())
        return {
            row["svname"]: row["status"].split()[0]
            for row in rows
            if row["pxname"] == "app" and row["svname"] in self.servers
        }

    def wait_for_proxy(self, *, up: set[str], timeout: float = 30) -> None:
        def seen() -> bool:
            states = self.proxy_states()
            return all(
                states.get(name) == ("UP" if name in up else "DOWN") for name in states
            ) and (len(states) == len(self.servers))

        wait_until(seen, f"HAProxy seeing {sorted(up)} up", timeout, self.folder / "haproxy.log")

    def stop(self) -> None:
        for server in self.servers.values():
            if server.running():
                server.kill()
        for process in reversed(self._processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
