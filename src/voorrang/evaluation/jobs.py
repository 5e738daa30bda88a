"""The job that builds the evaluation report: the button queues it, a worker
(``voorrang manage run_jobs``) builds the HTML and the PDF and keeps the report, so that no
request waits the 10 to 30 seconds a full report takes.

The handler runs in the worker's job thread and reads the database there (the report is made
of it); it closes that thread's connection when it is done."""

from __future__ import annotations

from datetime import date

from django.db import connections

from voorrang.jobs.registry import JobContext, JobFailed

KIND = "evaluation_report"
# The steps reported as progress: the HTML (with its charts), the PDF, keeping it.
STEPS = 3


def parameters(*, as_of: date, language: str) -> dict[str, str]:
    return {"as_of": as_of.isoformat(), "language": language}


def build_report(context: JobContext) -> None:
    from voorrang.evaluation import report

    try:
        try:
            as_of = date.fromisoformat(str(context.parameters["as_of"]))
            language = str(context.parameters["language"])
        except (KeyError, ValueError) as exc:
            raise JobFailed(f"The job's parameters are not usable: {exc}") from None
        context.progress(0, STEPS)
        built = report.build(
            as_of=as_of, language=language, after_html=lambda: context.progress(1, STEPS)
        )
        context.progress(2, STEPS)
        report.keep_for_job(built, job_id=context.job_id, as_of=as_of, language=language)
    finally:
        # This thread's own connection: the worker's thread keeps its own.
        connections.close_all()
