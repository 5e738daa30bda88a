"""The simulated seekers of benchmarks/bench_intake_load.py (run by it; not on its own).

Each task takes the next attempt of the plan (a seeker with a session made beforehand, and a
vacancy), and POSTs the response form as a browser does (session and CSRF cookies, the CSRF
token in the form). Some attempts are double clicks: the same request twice at the same moment,
on two connections; some are a stale page submitted again after the answer came. Every answer
is recorded (seeker, vacancy, outcome header, status, time) and written to a file at the end,
so that the benchmark can check every answer against the database.

Environment: INTAKE_PLAN (JSON file of attempts), INTAKE_ANSWERS (file to write),
INTAKE_PER_USER (attempts per second per simulated user)."""

from __future__ import annotations

import json
import os
import random
import time

import gevent
from locust import FastHttpUser, events, task
from locust.contrib.fasthttp import FastHttpSession
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["INTAKE_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ATTEMPTS = iter(PLAN["attempts"])
CSRF = PLAN["csrf"]
SESSION_COOKIE = PLAN["session_cookie"]
ANSWERS: list[dict] = []


@events.test_stop.add_listener
def write_answers(**_kwargs) -> None:
    with open(os.environ["INTAKE_ANSWERS"], "w", encoding="utf-8") as out:
        for answer in ANSWERS:
            out.write(json.dumps(answer) + "\n")


PERIOD = 1 / float(os.environ.get("INTAKE_PER_USER", "1"))


class Seeker(FastHttpUser):
    """One simulated seeker, sending an attempt every PERIOD seconds on a schedule of its own.

    The schedule starts at a random moment of the first period, so the seekers' attempts
    come spread evenly over each second, as independent people's do. (locust's own
    ``constant_throughput`` counts from the moment the user was spawned: users spawned
    together then send together, and every second would start with one burst of them all.)"""

    def on_start(self) -> None:
        gevent.sleep(random.random() * PERIOD)
        self._next_attempt = time.monotonic()

    def wait_time(self) -> float:
        # Attempts stay on their schedule; one that was late is followed at once by the next.
        self._next_attempt += PERIOD
        return max(0.0, self._next_attempt - time.monotonic())

    def _post(self, client: FastHttpSession, attempt: dict, kind: str) -> None:
        client.cookiejar.clear()  # each attempt is another seeker: no cookies carried over
        started = time.perf_counter()
        # Recorded before it is sent: a request cut off when the run stops (its user stopped
        # while it waited for the answer) stays on record as one whose answer never came,
        # rather than leaving a response in the database that no attempt accounts for.
        record = {
            "seeker": attempt["seeker"],
            "vacancy": attempt["vacancy"],
            "kind": kind,
            "status": 0,
            "outcome": "",
            "error": "interrupted",
            "ms": 0.0,
            "at": time.time(),
        }
        ANSWERS.append(record)
        try:
            with client.post(
                f"/homes/{attempt['vacancy']}/respond/",
                data={"csrfmiddlewaretoken": CSRF},
                headers={"Cookie": f"{SESSION_COOKIE}={attempt['session']}; csrftoken={CSRF}"},
                allow_redirects=False,
                name="POST /homes/[reference]/respond/",
                catch_response=True,
            ) as response:
                record.pop("error")
                record["status"] = response.status_code
                # A connection error comes as a response without headers, with the error.
                headers = response.headers or {}
                record["outcome"] = headers.get("Voorrang-Outcome") or ""
                if getattr(response, "error", None) is not None:
                    record["error"] = type(response.error).__name__
                if response.status_code == 302 and record["outcome"]:
                    response.success()
                else:
                    response.failure(f"status {response.status_code}")
        except Exception as error:  # the answer never came: recorded as unknown
            record["status"] = 0
            record["outcome"] = ""
            record["error"] = type(error).__name__
        finally:
            record["ms"] = (time.perf_counter() - started) * 1000
            record["at"] = time.time()
        # The server said "Connection: close": close at once, as a browser does (the client
        # would otherwise keep the socket until its next request, and the server's worker
        # waits for that close before it takes the next connection).
        client.client.close()

    @task
    def respond(self) -> None:
        attempt = next(ATTEMPTS, None)
        if attempt is None:
            raise StopUser
        if attempt["kind"] == "double-click":
            # Two connections, released together: as a browser that sends the form twice.
            # The same timeouts and retries as the user's own client (the defaults of a
            # bare session give up after a few seconds).
            twin = FastHttpSession(
                self.host,
                request_event=self.environment.events.request,
                user=self,
                network_timeout=self.network_timeout,
                connection_timeout=self.connection_timeout,
                max_retries=self.max_retries,
                max_redirects=self.max_redirects,
                insecure=self.insecure,
            )
            first = gevent.spawn(self._post, self.client, attempt, "double-click")
            second = gevent.spawn(self._post, twin, attempt, "double-click")
            gevent.joinall([first, second])
        else:
            self._post(self.client, attempt, attempt["kind"])
            if attempt["kind"] == "resubmitted":
                self._post(self.client, attempt, "resubmitted")  # the stale page, again
