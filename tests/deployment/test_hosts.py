"""The hosts of the two-server test (tests/deployment/hosts.py) leave nothing behind.

Run with it, once, in CI's PostgreSQL leg."""

from __future__ import annotations

import subprocess

import pytest

from tests.deployment.hosts import Network, leftovers

pytestmark = [pytest.mark.netns, pytest.mark.postgres, pytest.mark.usefixtures("postgres_leg")]


def test_hosts_reach_the_machine_and_are_removed_after_a_failure() -> None:
    with pytest.raises(RuntimeError, match="boom"), Network(("x", "y")) as network:
        token = network.token
        assert len(leftovers(token)) == 2 + 3  # two namespaces; a bridge and two veth ends
        probe = subprocess.run(
            network.hosts["x"].command("ip", "-o", "-4", "addr", "show", "dev", "eth0"),
            capture_output=True,
            text=True,
            check=True,
        )
        assert f" {network.hosts['x'].address}/24 " in probe.stdout
        raise RuntimeError("boom")
    assert leftovers(token) == []
