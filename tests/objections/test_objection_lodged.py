"""Who may object, until when, and with what: a passed-over or excluded candidate, within the
term, with reasons; anything else is refused on the field it concerns and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import SeekerFactory
from voorrang.audit.models import AuditEvent
from voorrang.errors import InvalidChange, NotAllowed
from voorrang.files import file_storage
from voorrang.objections import selectors, services
from voorrang.objections.models import Objection, ObjectionState

pytestmark = pytest.mark.django_db


def test_a_passed_over_candidate_objects_with_reasons_and_a_document(letting) -> None:
    document = SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF\n")
    objection = services.lodge_objection(
        actor=None,
        vacancy=letting["vacancy"],
        seeker=letting["second"],
        reasons="My urgency was not counted.",
        document=document,
    )
    assert (objection.state, objection.ground) == (ObjectionState.LODGED, "passed_over")
    assert objection.document.name.startswith("objections/")
    assert file_storage().exists(objection.document.name)
    event = AuditEvent.objects.get(action="seeker.objection_lodged")
    assert event.object_id == str(letting["second"].pk)


def test_an_excluded_candidate_may_object(letting) -> None:
    objection = services.lodge_objection(
        actor=None, vacancy=letting["vacancy"], seeker=letting["excluded"], reasons="We are four."
    )
    assert objection.ground == "excluded"


@pytest.mark.parametrize("who", ["first", "outsider"])
def test_who_got_the_offer_or_never_responded_cannot_object(letting, who) -> None:
    seeker = letting["first"] if who == "first" else SeekerFactory()
    assert not selectors.may_object(seeker, letting["vacancy"])
    with pytest.raises(InvalidChange) as refused:
        services.lodge_objection(
            actor=None, vacancy=letting["vacancy"], seeker=seeker, reasons="Unfair."
        )
    assert refused.value.field == "seeker"
    assert not Objection.objects.exists()
    assert not AuditEvent.objects.filter(action="seeker.objection_lodged").exists()


def test_nobody_is_passed_over_before_the_first_offer(ranker) -> None:
    from tests.allocation.flow import published, ranked

    seekers = [SeekerFactory(registered_on=dt.date(2001 + i, 1, 1)) for i in range(2)]
    vacancy = ranked(ranker, published(ranker), seekers)
    assert selectors.ground_of(seekers[1], vacancy) is None


def test_an_objection_after_the_term_is_refused(letting, settings) -> None:
    settings.VOORRANG_OBJECTION_WEEKS = 6
    vacancy = letting["vacancy"]
    ends = selectors.term_ends(vacancy)
    assert ends == selectors.decision_date(vacancy) + dt.timedelta(weeks=6)
    last_moment = timezone.make_aware(dt.datetime.combine(ends, dt.time(23, 0)))
    assert selectors.may_object(letting["second"], vacancy, today=ends)
    assert not selectors.may_object(letting["second"], vacancy, today=ends + dt.timedelta(1))
    with pytest.raises(InvalidChange) as refused:
        services.lodge_objection(
            actor=None,
            vacancy=vacancy,
            seeker=letting["second"],
            reasons="Too late, but still.",
            now=last_moment + dt.timedelta(days=1),
        )
    assert refused.value.field == "lodged_at"
    assert not Objection.objects.exists()
    services.lodge_objection(
        actor=None,
        vacancy=vacancy,
        seeker=letting["second"],
        reasons="Just in time.",
        now=last_moment,
    )


@pytest.mark.parametrize("reasons", ["", "   "])
def test_reasons_are_required(letting, reasons) -> None:
    with pytest.raises(InvalidChange) as refused:
        services.lodge_objection(
            actor=None, vacancy=letting["vacancy"], seeker=letting["second"], reasons=reasons
        )
    assert refused.value.field == "reasons"
    assert not Objection.objects.exists()


def test_a_document_that_is_not_a_pdf_or_image_is_refused(letting) -> None:
    with pytest.raises(InvalidChange) as refused:
        services.lodge_objection(
            actor=None,
            vacancy=letting["vacancy"],
            seeker=letting["second"],
            reasons="See the attachment.",
            document=SimpleUploadedFile("x.exe", b"MZ\x90\x00"),
        )
    assert refused.value.field == "document"
    assert not Objection.objects.exists()


def test_one_objection_per_candidate_until_it_is_withdrawn(letting) -> None:
    kwargs = {"vacancy": letting["vacancy"], "seeker": letting["second"], "reasons": "Unfair."}
    objection = services.lodge_objection(actor=None, **kwargs)
    assert not selectors.may_object(letting["second"], letting["vacancy"])
    with pytest.raises(NotAllowed):
        services.lodge_objection(actor=None, **kwargs)
    services.withdraw_objection(actor=None, objection=objection)
    assert selectors.may_object(letting["second"], letting["vacancy"])
    services.lodge_objection(actor=None, **kwargs)
