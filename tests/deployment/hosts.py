"""Hosts of their own on one machine: a network namespace per host, each joined by a veth pair
to a bridge in the machine's own namespace, as separate machines on one network are.

The bridge holds the address of the machine itself (``gateway``), where the proxy, Redis and
the relay to PostgreSQL listen; each host has the next address and nothing else: what a
process in it can reach is the bridge's address, so whatever it keeps for itself (a file, a
cache) another host cannot see. Every name carries a token of the run, and everything made
is removed at the end, also after a failure (``Network`` is a context manager)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass, field

from tests.needs import program

IP = program("ip") or "ip"


def run_ip(*arguments: str) -> str:
    """Run ``ip`` with ``arguments``; its output, or an error naming the command."""
    result = subprocess.run(
        [IP, *arguments], capture_output=True, text=True, timeout=30, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"ip {' '.join(arguments)}: {result.stderr.strip()}")
    return result.stdout


@dataclass(frozen=True)
class Host:
    name: str  # the host's name in the test ("a", "b")
    namespace: str
    address: str

    def command(self, *arguments: str) -> list[str]:
        """``arguments`` as a command that runs inside this host."""
        return [IP, "netns", "exec", self.namespace, *arguments]

    def pids(self) -> list[int]:
        """Every process running in this host."""
        return [int(pid) for pid in run_ip("netns", "pids", self.namespace).split()]

    def kill_everything(self) -> list[int]:
        """SIGKILL every process in this host at once (a machine that loses its power);
        returns their ids."""
        pids = self.pids()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return pids


def _free_subnet() -> ipaddress.IPv4Network:
    """A /24 of 10.0.0.0/8 that no address or route of this machine is in."""
    used = []
    for line in run_ip("-4", "-o", "addr", "show").splitlines():
        used.append(ipaddress.ip_interface(line.split()[3]).network)
    for line in run_ip("-4", "route", "show").splitlines():
        target = line.split()[0]
        if target != "default":
            used.append(ipaddress.ip_network(target, strict=False))
    for _ in range(100):
        candidate = ipaddress.ip_network(
            f"10.{secrets.choice(range(64, 250))}.{secrets.choice(range(1, 250))}.0/24"
        )
        if not any(candidate.overlaps(other) for other in used):
            return candidate
    raise RuntimeError("no free 10.x.y.0/24 for the test's network")


@dataclass
class Network:
    """A bridge and ``names`` hosts on it; ``with Network(("a", "b")) as network:``."""

    names: tuple[str, ...]
    token: str = field(default_factory=lambda: secrets.token_hex(3))
    hosts: dict[str, Host] = field(default_factory=dict)
    gateway: str = ""
    _made: list[tuple[str, str]] = field(default_factory=list)

    @property
    def bridge(self) -> str:
        return f"vr{self.token}br"  # interface names have at most 15 characters

    def __enter__(self) -> Network:
        try:
            self._make()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def _make(self) -> None:
        subnet = _free_subnet()
        addresses = list(subnet.hosts())
        self.gateway = str(addresses[0])
        run_ip("link", "add", "name", self.bridge, "type", "bridge")
        self._made.append(("link", self.bridge))
        run_ip("addr", "add", f"{self.gateway}/{subnet.prefixlen}", "dev", self.bridge)
        run_ip("link", "set", self.bridge, "up")
        for number, name in enumerate(self.names, start=1):
            namespace = f"voorrang-{self.token}-{name}"
            outside = f"vr{self.token}{name}"
            run_ip("netns", "add", namespace)
            self._made.append(("netns", namespace))
            # The peer is made inside the host, where its name is its own.
            run_ip(
                "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", namespace
            )
            self._made.append(("link", outside))
            run_ip("link", "set", outside, "master", self.bridge)
            run_ip("link", "set", outside, "up")
            address = str(addresses[number])
            run_ip("-n", namespace, "addr", "add", f"{address}/{subnet.prefixlen}", "dev", "eth0")
            run_ip("-n", namespace, "link", "set", "eth0", "up")
            run_ip("-n", namespace, "link", "set", "lo", "up")
            self.hosts[name] = Host(name=name, namespace=namespace, address=address)

    def remove(self) -> None:
        """Stop what still runs in the hosts, then remove them and the bridge. Each step is
        tried even when an earlier one failed; the first failure is raised at the end."""
        failures: list[str] = []
        for host in self.hosts.values():
            try:
                if host.kill_everything():
                    time.sleep(0.2)  # the kernel reaps them before the namespace goes
            except RuntimeError as error:
                failures.append(str(error))
        for kind, name in reversed(self._made):
            try:
                if kind == "netns":
                    run_ip("netns", "del", name)
                else:
                    run_ip("link", "del", name)
            except RuntimeError as error:
                # A veth pair goes with its namespace: its outer end is gone already.
                if "Cannot find device" not in str(error):
                    failures.append(str(error))
        self._made.clear()
        if failures:
            raise RuntimeError("; ".join(failures))


def leftovers(token: str) -> list[str]:
    """Namespaces and interfaces of the run ``token`` that still exist."""
    namespaces = [line.split()[0] for line in run_ip("netns", "list").splitlines() if line]
    # "7: vr12ab34a@if2: <BROADCAST,...": the second field is the name.
    links = [
        line.split()[1].split("@")[0].rstrip(":") for line in run_ip("-o", "link").splitlines()
    ]
    return [name for name in namespaces + links if token in name]
