"""The background worker that ``voorrang demo`` starts beside its server: a child process with
the same environment and working folder (so the same database and data folder), stopped with
the server.

Ctrl+C in a terminal reaches both processes (one process group); SIGTERM to the demo is turned
into the same interruption, so the server ends its way and the worker is told to stop, and
waited for, either way. On Linux the child is also told to stop when the demo dies without a
chance to tell it (SIGKILL)."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator

# Time for the worker to give its running job back to the queue before it is killed.
STOP_WITHIN = 20.0


def _stop_with_the_parent() -> None:
    """In the child, before it runs: SIGTERM when the parent dies (Linux's PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def worker_beside() -> Iterator[subprocess.Popen[bytes]]:
    """Start ``voorrang worker`` as a child; stop it (SIGTERM, then wait) when leaving."""
    child = subprocess.Popen(
        [sys.executable, "-m", "voorrang.cli", "worker"],
        preexec_fn=_stop_with_the_parent if sys.platform == "linux" else None,
    )
    print(
        f"Background worker: started beside the server (process {child.pid}): it runs the "
        "queued simulations and reports, sends the emails and expires overdue offers; it "
        "stops with the server (--no-worker leaves it out)."
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield child
    except KeyboardInterrupt:
        # Stopped before the server was up (it says so itself once it runs).
        print("Stopped.")
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop(child)


def stop(child: subprocess.Popen[bytes]) -> int:
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
    try:
        return child.wait(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        child.kill()
        return child.wait()
