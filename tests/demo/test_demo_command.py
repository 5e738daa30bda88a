"""`voorrang demo` as people run it: generate once, reuse the database, start over with --fresh."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.processes import clean_environment, run_voorrang

SMALL = ("--no-serve", "--scale", "0.02")
ACCOUNT_LINE = re.compile(r"^\s{4}(\S+)\s+(\S+)\s+\((\S+)\)$", re.MULTILINE)
ADMIN_PASSWORD = re.compile(r"administrator 'admin' with the password:\s+(\S+)")
SECOND_FACTOR = re.compile(
    r"^ {4}(\S+)\n {8}key: +([A-Z2-7 ]+)\n {8}app link: +(\S+)\n {8}recovery codes: +(.+)$",
    re.MULTILINE,
)
STAFF = ["admin", "staff-allocation", "staff-allocation-2", "staff-welfare", "policy"]
STAFF += ["researcher", "staff-welfare-2"]


def second_factors(output: str) -> dict[str, dict]:
    return {
        name: {"key": key, "uri": uri, "codes": codes.split()}
        for name, key, uri, codes in SECOND_FACTOR.findall(output)
    }


def log_ins(cwd: Path, env: dict[str, str], credentials: dict, factors: dict) -> list[str]:
    """The staff accounts that log in with only what the demo printed: the password, then
    the code of an app given the printed key, and (on another day) a printed recovery code."""
    program = (
        "import json, os\n"
        "from django.contrib.auth import authenticate\n"
        "import base64\n"
        "from django_otp.oath import TOTP\n"
        "from voorrang.accounts.second_factor import check_app_code, check_recovery_code\n"
        "factors = json.loads(os.environ['FACTORS'])\n"
        "for name, password in json.loads(os.environ['CREDENTIALS']).items():\n"
        "    user = authenticate(username=name, password=password)\n"
        "    factor = factors[name]\n"
        "    key = factor['key'].replace(' ', '')\n"
        "    key = base64.b32decode(key + '=' * (-len(key) % 8))\n"
        "    app = check_app_code(user, f'{TOTP(key).token():06d}').check.value\n"
        "    recovery = check_recovery_code(user, factor['codes'][0]).check.value\n"
        "    if user and app == recovery == 'accepted':\n"
        "        print('ok', name)\n"
    )
    result = run_voorrang(
        "manage",
        "shell",
        "-c",
        program,
        cwd=cwd,
        env={
            **env,
            "CREDENTIALS": json.dumps(credentials),
            "FACTORS": json.dumps(factors),
        },
    )
    assert result.returncode == 0, result.stderr
    return sorted(line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok "))


def passwords(output: str) -> dict[str, str]:
    found = {name: password for name, password, _ in ACCOUNT_LINE.findall(output)}
    admin = ADMIN_PASSWORD.search(output)
    if admin:
        found["admin"] = admin.group(1)
    return found


def stats(cwd: Path, env: dict[str, str]) -> dict:
    result = run_voorrang("stats", "--json", cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def authenticates(cwd: Path, env: dict[str, str], credentials: dict[str, str]) -> list[str]:
    """The user names of ``credentials`` whose password works in the demo's database."""
    program = (
        "import json, os\n"
        "from django.contrib.auth import authenticate\n"
        "for name, password in json.loads(os.environ['CREDENTIALS']).items():\n"
        "    if authenticate(username=name, password=password):\n"
        "        print('ok', name)\n"
    )
    result = run_voorrang(
        "manage",
        "shell",
        "-c",
        program,
        cwd=cwd,
        env={**env, "CREDENTIALS": json.dumps(credentials)},
    )
    assert result.returncode == 0, result.stderr
    return sorted(line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok "))


def test_generated_once_reused_then_fresh(tmp_path: Path) -> None:
    env = clean_environment()

    first = run_voorrang("demo", *SMALL, "--port", "8765", cwd=tmp_path, env=env)

    assert first.returncode == 0, first.stderr
    assert "Generating the synthetic Vollenhove (seed 2021)" in first.stdout
    assert "http://127.0.0.1:8765/" in first.stdout
    created = passwords(first.stdout)
    assert set(created) == {
        "admin",
        "staff-allocation",
        "staff-allocation-2",
        "staff-welfare",
        "staff-welfare-2",
        "policy",
        "researcher",
        "seeker",
        "seeker-housed",
        "seeker-many-responses",
        "seeker-leaving",
    }
    for password in created.values():
        assert first.stdout.count(password) == 1
    factors = second_factors(first.stdout)
    assert sorted(factors) == sorted(STAFF)
    for name, factor in factors.items():
        assert factor["uri"].startswith(f"otpauth://totp/Voorrang%3A{name}?secret=")
        assert factor["key"].replace(" ", "") in factor["uri"]
        assert len(factor["codes"]) == 5
    staff = {name: created[name] for name in STAFF}
    assert log_ins(tmp_path, env, staff, factors) == sorted(STAFF)
    figures = stats(tmp_path, env)
    assert figures["buildings"][1]["name"] == "L-flat"
    assert figures["seekers"]["housed"] > 0
    replay = run_voorrang("manage", "replay_ranking", "--all", cwd=tmp_path, env=env)
    assert replay.returncode == 0, replay.stderr

    second = run_voorrang("demo", *SMALL, "--seed", "5", cwd=tmp_path, env=env)

    assert second.returncode == 0, second.stderr
    assert "Generating" not in second.stdout
    assert "holds data already" in second.stdout
    assert "voorrang manage changepassword admin" in second.stdout
    assert not any(password in second.stdout for password in created.values())
    assert second_factors(second.stdout) == {}
    assert stats(tmp_path, env) == figures

    fresh = run_voorrang("demo", *SMALL, "--fresh", "--seed", "5", cwd=tmp_path, env=env)

    assert fresh.returncode == 0, fresh.stderr
    assert "starting over" in fresh.stdout
    assert "Generating the synthetic Vollenhove (seed 5)" in fresh.stdout
    assert set(passwords(fresh.stdout)) == set(created)
    assert authenticates(tmp_path, env, created) == []
    assert stats(tmp_path, env) != figures


def test_one_known_password_for_training(tmp_path: Path) -> None:
    env = clean_environment()

    result = run_voorrang(
        "demo", *SMALL, "--demo-password", "Oefenen-in-Vollenhove", cwd=tmp_path, env=env
    )

    assert result.returncode == 0, result.stderr
    assert "Oefenen-in-Vollenhove" not in result.stdout
    assert passwords(result.stdout) == {}
    assert "has the password given with --demo-password" in result.stdout
    names = ["admin", "staff-allocation", "staff-allocation-2", "staff-welfare", "policy"]
    names += ["researcher", "staff-welfare-2", "seeker", "seeker-housed"]
    names += ["seeker-many-responses", "seeker-leaving"]
    assert authenticates(tmp_path, env, dict.fromkeys(names, "Oefenen-in-Vollenhove")) == sorted(
        names
    )
    # The key follows from the training password: one key, printed, the same at every run.
    factors = second_factors(result.stdout)
    assert sorted(factors) == sorted(STAFF)
    assert len({factor["key"] for factor in factors.values()}) == 1
    assert "the same at every run with that password" in result.stdout
    training = dict.fromkeys(STAFF, "Oefenen-in-Vollenhove")
    assert log_ins(tmp_path, env, training, factors) == sorted(STAFF)


def test_a_weak_training_password_is_refused(tmp_path: Path) -> None:
    result = run_voorrang(
        "demo", *SMALL, "--demo-password", "demo", cwd=tmp_path, env=clean_environment()
    )

    assert result.returncode == 2
    assert result.stderr.startswith("voorrang demo: --demo-password: ")
    assert not (tmp_path / "data" / "voorrang.sqlite3").exists()


def test_fresh_leaves_another_database_alone(tmp_path: Path) -> None:
    # Refused before any connection is made: no server is needed at this address.
    env = clean_environment(DATABASE_URL="postgres://nobody@127.0.0.1:9/voorrang")

    result = run_voorrang("demo", *SMALL, "--fresh", cwd=tmp_path, env=env)

    assert result.returncode == 2
    assert "--fresh" in result.stderr and "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_port_replaces_the_port_of_the_address() -> None:
    from voorrang.config.runtime import with_port

    assert with_port("127.0.0.1:8000", None) == "127.0.0.1:8000"
    assert with_port("0.0.0.0:8000", 9000) == "0.0.0.0:9000"
    assert with_port("[::1]:8000", 9000) == "[::1]:9000"
    assert with_port("8123", 9000) == "9000"


def test_data_not_made_by_the_demo_gets_no_demo_accounts(tmp_path: Path) -> None:
    env = clean_environment()
    made = run_voorrang(
        "manage",
        "shell",
        "-c",
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from voorrang.housing.models import Building, Complex\n"
        "Building.objects.create(complex=Complex.objects.create(name='Elders', town='Zeist'),"
        " name='Elders', street='Eldersweg', town='Zeist')\n",
        cwd=tmp_path,
        env=env,
    )
    assert made.returncode == 0, made.stderr

    known = run_voorrang(
        "demo", *SMALL, "--demo-password", "Oefenen-in-Vollenhove", cwd=tmp_path, env=env
    )
    result = run_voorrang("demo", *SMALL, cwd=tmp_path, env=env)

    assert known.returncode == 2
    assert "not made by the demo" in known.stderr
    assert result.returncode == 0, result.stderr
    assert "holds data already" in result.stdout
    assert set(passwords(result.stdout)) == {"admin"}
    assert "Generating" not in result.stdout
