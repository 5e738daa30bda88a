"""A job's results go to the file storage every application server reads (the data folder or
the database), under jobs/<id>/; the handler's working folder is gone after the run; a failed
or cancelled job leaves nothing behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.factories import UserFactory
from voorrang.files import file_storage
from voorrang.files.models import StoredFile
from voorrang.jobs import registry, services
from voorrang.jobs.states import JobStatus
from voorrang.jobs.worker import Worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("storage_backend")]

working_folders: list[Path] = []


def write_nested(context: registry.JobContext) -> None:
    working_folders.append(context.folder)
    (context.folder / "charts").mkdir()
    (context.folder / "charts" / "a.svg").write_text("<svg/>")
    (context.folder / "figures.csv").write_text("figure,mean\nhomes,1\n")


@pytest.fixture(autouse=True)
def nested_kind() -> None:
    registry.register("test.nested", write_nested)
    working_folders.clear()


def test_the_results_are_read_through_the_storage_after_the_run(storage_backend, tmp_path):
    job = services.enqueue(actor=UserFactory(), kind="test.nested", parameters={})
    assert Worker(poll=0.01).run(once=True) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert services.result_files(job) == {"charts/a.svg": 6, "figures.csv": 20}
    with file_storage().open(f"{job.result_folder}/figures.csv") as handle:
        assert handle.read() == b"figure,mean\nhomes,1\n"
    assert not working_folders[0].exists()
    if storage_backend == "database":
        # Nothing on this machine: another server reads the same rows.
        assert not (tmp_path / "jobs").exists()
        assert StoredFile.objects.filter(name__startswith=f"jobs/{job.pk}/").count() == 2
    else:
        shutil.rmtree(tmp_path / "jobs")
        assert services.result_files(job) == {}


def test_a_failed_job_leaves_no_results(settings) -> None:
    job = services.enqueue(actor=UserFactory(), kind="test.broken", parameters={})
    Worker(poll=0.01).run(once=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert services.result_files(job) == {}


def test_results_of_an_earlier_attempt_are_replaced(settings) -> None:
    job = services.enqueue(actor=UserFactory(), kind="test.nested", parameters={})
    from django.core.files.base import ContentFile

    file_storage().save(f"jobs/{job.pk}/half.txt", ContentFile(b"1"))
    Worker(poll=0.01).run(once=True)
    assert sorted(services.result_files(job)) == ["charts/a.svg", "figures.csv"]
