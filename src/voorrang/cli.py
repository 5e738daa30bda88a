"""The ``voorrang`` command.

``rank`` and ``label`` import only the pure rules engine, never Django, so that they start
fast and an auditor can run them without a database."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

EXIT_INVALID = 2


def _read_input(name: str, stdin: BinaryIO) -> bytes:
    if name == "-":
        return stdin.read()
    with open(name, "rb") as handle:
        return handle.read()


def _run_rules(
    args: argparse.Namespace, decide: Callable[[Any], tuple[dict[str, Any], list[str]]]
) -> int:
    from voorrang.rules import RulesError, canonical_json, load_json

    # A short-lived process that builds hundreds of thousands of objects and no cycles:
    # the cyclic collector would only rescan them over and over (a third of the run time).
    gc.disable()
    try:
        data = _read_input(args.file, sys.stdin.buffer)
    except OSError as exc:
        print(f"voorrang {args.command}: {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_INVALID
    try:
        output, warnings = decide(load_json(data))
    except RulesError as exc:
        print(f"voorrang {args.command}: invalid input: {exc.message}", file=sys.stderr)
        return EXIT_INVALID
    for warning in warnings:
        print(f"voorrang {args.command}: warning: {warning}", file=sys.stderr)
    sys.stdout.buffer.write(canonical_json(output).encode("utf-8") + b"\n")
    sys.stdout.flush()
    return 0


def _rank(document: Any) -> tuple[dict[str, Any], list[str]]:
    from voorrang.rules import parse_scenario, rank
    from voorrang.rules.canonical import input_digest

    scenario = parse_scenario(document)
    ranking = rank(scenario, digest=input_digest(document))
    warnings = [
        f"policy {scenario.policy.id!r} uses figure {figure!r}, which is not confirmed "
        "against an official publication (see its policy file)"
        for figure in scenario.policy.unconfirmed
        # the quota and what happens after a letting are not part of a ranking
        if figure not in ("targeting", "after_letting")
    ]
    return ranking.to_document(), warnings


def _label(document: Any) -> tuple[dict[str, Any], list[str]]:
    from voorrang.rules import label_document

    return label_document(document), []


def cmd_rank(args: argparse.Namespace) -> int:
    return _run_rules(args, _rank)


def cmd_label(args: argparse.Namespace) -> int:
    return _run_rules(args, _label)


def cmd_serve(args: argparse.Namespace) -> int:
    from voorrang.config import runtime

    return runtime.serve(args.addrport)


def cmd_demo(args: argparse.Namespace) -> int:
    from voorrang.config import runtime

    return runtime.demo(
        args.addrport,
        serve_after=not args.no_serve,
        port=args.port,
        seed=args.seed,
        scale=args.scale,
        fresh=args.fresh,
        demo_password=args.demo_password,
        with_worker=not args.no_worker,
    )


def cmd_worker(args: argparse.Namespace) -> int:
    from voorrang.config import runtime

    return runtime.manage(["worker", *args.arguments])


def cmd_stats(args: argparse.Namespace) -> int:
    from datetime import date

    from voorrang.config import runtime

    arguments = ["stats"]
    if args.json:
        arguments.append("--json")
    if args.until is not None:
        try:
            date.fromisoformat(args.until)
        except ValueError:
            print(
                f"voorrang stats: --until: {args.until!r} is not a date; write it as YYYY-MM-DD",
                file=sys.stderr,
            )
            return EXIT_INVALID
        arguments += ["--until", args.until]
    return runtime.manage(arguments)


def cmd_report(args: argparse.Namespace) -> int:
    from voorrang.config import runtime

    arguments = ["evaluation_report", "--out", args.out]
    if args.as_of is not None:
        arguments += ["--as-of", args.as_of]
    if args.language is not None:
        arguments += ["--language", args.language]
    return runtime.manage(arguments)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return port


def _scale(text: str) -> float:
    try:
        scale = float(text)
    except ValueError:
        scale = 0.0
    if not 0 < scale <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a scale above 0 and at most 1")
    return scale


def cmd_backup(args: argparse.Namespace) -> int:
    from voorrang.config.backup import backup

    return backup(args.file, force=args.force)


def cmd_import(args: argparse.Namespace) -> int:
    from voorrang.config import runtime

    arguments = ["import_records", args.kind, args.file]
    arguments += [flag for flag, on in (("--dry-run", args.dry_run), ("--quiet", args.quiet)) if on]
    if args.user:
        arguments += ["--user", args.user]
    return runtime.manage(arguments)


def cmd_manage(args: argparse.Namespace) -> int:
    from voorrang.config import runtime

    return runtime.manage(list(args.arguments))


def cmd_simulate(args: argparse.Namespace) -> int:
    from voorrang.simulation.command import run

    return run(args)


def add_simulate_parser(sub: argparse._SubParsersAction) -> None:
    # Declared here, not in the simulation package, so that building the parser never loads
    # numpy: `voorrang rank` must start fast.
    simulate = sub.add_parser(
        "simulate",
        help="simulate what a policy does to waiting times and to a building",
        description=(
            "Run a simulation scenario (TOML) with the rules of voorrang.rules over Monte Carlo "
            "replications and write every figure with its 95 % interval (CSV, Parquet) and charts "
            "(SVG, PNG) with their tables. Shipped "
            "scenarios can be named without a path (zeist-lflat, utrecht-2020)."
        ),
    )
    simulate.add_argument("scenario", nargs="?", metavar="SCENARIO.toml")
    simulate.add_argument(
        "--compare",
        nargs="+",
        metavar="X.toml",
        help="policies side by side: the first and the differences of the others from it",
    )
    simulate.add_argument(
        "--sweep",
        action="append",
        metavar="KEY=V1,V2",
        help="run every combination of these values (repeatable; e.g. policy.share=1/4,1/2)",
    )
    simulate.add_argument("--replications", type=int, default=10, metavar="N")
    simulate.add_argument("--engine", choices=("fast", "reference"), default="fast")
    simulate.add_argument("--seed", type=int, default=1, help="base seed of the replications")
    simulate.add_argument(
        "--workers", type=int, metavar="N", help="local processes (default: cores)"
    )
    simulate.add_argument(
        "--cluster", metavar="tcp://HOST:PORT", help="run on this Dask distributed scheduler"
    )
    simulate.add_argument("--out", default="simulation-output", metavar="DIR")
    simulate.set_defaults(handler=cmd_simulate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voorrang",
        description="Voorrang: targeted social-housing allocation (gerichte woningtoewijzing).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rank = sub.add_parser(
        "rank",
        help="rank the responses to one vacancy (JSON scenario in, JSON ranking out)",
        description=(
            "Apply the allocation rules to one scenario and print the ranking as canonical "
            "JSON. Exit 0 on success; exit 2 with one line on stderr naming the field and "
            "the problem when the input is invalid."
        ),
    )
    rank.add_argument("file", metavar="FILE", help="scenario JSON file, or - for stdin")
    rank.set_defaults(handler=cmd_rank)

    label = sub.add_parser(
        "label",
        help="decide which vacancies of designated buildings are targeted",
        description=(
            "Apply the targeting quota (share, yearly cap, overrides) to a list of vacancies "
            "and print one label per vacancy as canonical JSON. Exit 2 on invalid input."
        ),
    )
    label.add_argument("file", metavar="FILE", help="label input JSON file, or - for stdin")
    label.set_defaults(handler=cmd_label)

    serve = sub.add_parser(
        "serve",
        help="run the development web server",
        description="Run the web application with Django's development server.",
    )
    serve.add_argument(
        "addrport", nargs="?", default="127.0.0.1:8000", help="address:port (default %(default)s)"
    )
    serve.set_defaults(handler=cmd_serve)

    demo = sub.add_parser(
        "demo",
        help="generate the synthetic Vollenhove, create an account per role and serve it",
        description=(
            "Migrate the database; when it is empty, generate the synthetic Vollenhove (the "
            "L-flat and two comparison buildings, 6,000 seekers and the letting since December "
            "2021, the same for the same --seed); create the administrator 'admin' and an "
            "account for each role (passwords are printed once, when created); then run the "
            "development server. A database with data is used as it is."
        ),
    )
    demo.add_argument(
        "addrport", nargs="?", default="127.0.0.1:8000", help="address:port (default %(default)s)"
    )
    demo.add_argument("--port", type=_port, help="the port to serve on (replaces the one above)")
    demo.add_argument("--no-serve", action="store_true", help="set up, but do not start the server")
    demo.add_argument(
        "--seed", type=int, help="seed of the generated data (default 2021): same seed, same data"
    )
    demo.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        help="size of the generated stock and population, above 0 and at most 1 (default 1)",
    )
    demo.add_argument(
        "--fresh",
        action="store_true",
        help="delete the demo's SQLite database first and generate everything anew",
    )
    demo.add_argument(
        "--demo-password",
        metavar="PASSWORD",
        help="one known password for every demo account, for training sessions",
    )
    demo.add_argument(
        "--no-worker",
        action="store_true",
        help="do not start the background worker beside the server",
    )
    demo.set_defaults(handler=cmd_demo)

    worker = sub.add_parser(
        "worker",
        help="run the queued jobs and the periodic duties (voorrang worker --help)",
        description="Run the background worker: 'voorrang manage worker', with its options.",
        add_help=False,
    )
    worker.add_argument("arguments", nargs=argparse.REMAINDER)
    worker.set_defaults(handler=cmd_worker)

    add_simulate_parser(sub)

    stats = sub.add_parser(
        "stats",
        help="figures for operators: stock, seekers, vacancies, allocations, the quota",
        description=(
            "Count buildings and units, seekers by status, vacancies by state, allocations by "
            "year, building and tier, and the quota of the designated buildings, as of a date."
        ),
    )
    stats.add_argument("--json", action="store_true", help="print JSON instead of a table")
    stats.add_argument(
        "--until", metavar="DATE", help="count as of this date, YYYY-MM-DD (default today)"
    )
    stats.set_defaults(handler=cmd_stats)

    report = sub.add_parser(
        "report",
        help="write the evaluation report (report.html and report.pdf)",
        description=(
            "Build the evaluation report from the database: theory of change, indicator "
            "figures with charts and tables, survey and story sections when those apps are "
            "installed, method and data date. The same data and --as-of give the same HTML."
        ),
    )
    report.add_argument("--out", required=True, metavar="DIR", help="folder to write to")
    report.add_argument("--as-of", metavar="DATE", help="data date, YYYY-MM-DD (default today)")
    report.add_argument("--language", choices=("nl", "en"), help="default: the site language")
    report.set_defaults(handler=cmd_report)

    backup = sub.add_parser(
        "backup",
        help="copy the SQLite database to FILE, also while the server runs",
        description=(
            "Copy the SQLite database to FILE with SQLite's online backup: one consistent "
            "moment of it, while the server may go on writing, checked with SQLite's integrity "
            "check. An existing FILE is refused unless --force. On PostgreSQL it prints the "
            "pg_dump command to use instead and exits 2. Restoring: docs/deployment.md."
        ),
    )
    backup.add_argument("file", metavar="FILE", help="the file to write the copy to")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=cmd_backup)

    imports = sub.add_parser(
        "import",
        help="import units, seekers, responses or urgency declarations (CSV, XLSX, VERA JSON)",
        description=(
            "Check every row of FILE and import it through the same rules as the pages: a file "
            "with any bad row imports nothing and lists every bad row and column. A re-import "
            "finds records again by their source id and reports what changed. Columns: "
            "docs/api.md (Imports)."
        ),
    )
    imports.add_argument("kind", choices=("units", "seekers", "responses", "urgency"))
    imports.add_argument("file", metavar="FILE", help="CSV, XLSX or JSON file")
    imports.add_argument("--dry-run", action="store_true", help="show what would change only")
    imports.add_argument("--quiet", action="store_true", help="no progress bar")
    imports.add_argument("--user", metavar="USERNAME", help="staff account to record it under")
    imports.set_defaults(handler=cmd_import)

    manage = sub.add_parser(
        "manage",
        help="run one of Django's management commands (voorrang manage help lists them)",
        description="Run a Django management command, e.g. 'voorrang manage migrate'.",
        add_help=False,
    )
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if argv and argv[0] == "manage":
        # Everything after 'manage' is Django's, including --help.
        args = argparse.Namespace(command="manage", arguments=argv[1:], handler=cmd_manage)
    elif argv and argv[0] == "worker":
        # The worker's options are its management command's, including --help.
        args = argparse.Namespace(command="worker", arguments=argv[1:], handler=cmd_worker)
    else:
        args = parser.parse_args(argv)
    return args.handler(args)


def run() -> None:
    """The console script. After ``rank`` and ``label`` the process ends without tearing
    down its objects one by one: with 100,000 candidates that teardown alone takes a tenth
    of a second, and there is nothing left to clean up."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    if sys.argv[1:2] in (["rank"], ["label"]):
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
