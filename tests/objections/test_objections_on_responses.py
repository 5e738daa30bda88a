"""The seeker's list of responses reads objections a page at a time: the same answers as the
functions that read one vacancy at a time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.allocation.flow import published, ranked
from voorrang.objections import selectors, services
from voorrang.portal import selectors as portal


def test_a_page_of_responses_reads_the_same_as_one_vacancy_at_a_time(letting, ranker) -> None:
    today = timezone.localdate()
    not_offered_yet = ranked(ranker, published(ranker), [letting["second"], letting["third"]])
    services.lodge_objection(
        actor=None,
        seeker=letting["third"],
        vacancy=letting["vacancy"],
        reasons="Mijn inschrijving is ouder dan die van de eerste.",
    )
    for who in ("first", "second", "third", "excluded"):
        seeker = letting[who]
        responses = list(portal.filtered_responses(seeker, state="", year=None, today=today))
        rows = portal.response_rows(seeker, responses, today)
        on_page = selectors.objections_on_responses(seeker, rows, today)
        for response in responses:
            vacancy = response.vacancy
            shown = on_page.get(vacancy.pk)
            may = selectors.may_object(seeker, vacancy, today)
            assert (shown.may_object if shown else False) == may, (who, vacancy.reference)
            assert (shown.objection if shown else None) == selectors.objection_of(seeker, vacancy)
            if shown:
                assert shown.term_ends == selectors.term_ends(vacancy)
    # Passed over on the offered vacancy, not on the one nobody was offered yet.
    second = letting["second"]
    rows = portal.response_rows(second, list(second.responses.select_related("vacancy")), today)
    on_page = selectors.objections_on_responses(second, rows, today)
    assert on_page[letting["vacancy"].pk].may_object
    assert not on_page[not_offered_yet.pk].may_object
    # After the term: nobody may object any more.
    late = today + dt.timedelta(weeks=52)
    assert not any(
        a.may_object for a in selectors.objections_on_responses(second, rows, late).values()
    )
