"""An objection speaks of the household: the seeker reads it in their data export, and ending
the account erases its reasons, the decision's reasons and its document."""

from __future__ import annotations

import datetime as dt

from tests.allocation.flow import let, published, ranked
from tests.factories import SeekerFactory
from tests.portal.helpers import pdf, seeker_with_account
from voorrang.allocation import services as allocation
from voorrang.files import file_storage
from voorrang.objections import services
from voorrang.objections.models import Objection
from voorrang.portal import services as portal
from voorrang.portal.export import personal_data


def test_the_export_holds_the_objection_and_ending_the_account_erases_it(
    ranker, decider, django_capture_on_commit_callbacks
) -> None:
    user, objector = seeker_with_account("bezwaar@example.org", registered_on=dt.date(2015, 1, 1))
    first = SeekerFactory(registered_on=dt.date(2001, 1, 1))
    vacancy = ranked(ranker, published(ranker), [first, objector])
    # The home is let to the first: nothing runs any more that needs the registration.
    let(ranker, allocation.offer_next(actor=ranker, vacancy=vacancy))
    objection = services.lodge_objection(
        actor=None,
        vacancy=vacancy,
        seeker=objector,
        reasons="Mijn dochter woont bij mij; dat is niet meegeteld.",
        document=pdf("verklaring.pdf"),
    )
    services.decide_objection(
        actor=decider, objection=objection, outcome="rejected", reasons="Niet aangetoond."
    )
    name = Objection.objects.get().document.name
    assert name and file_storage().exists(name)

    (exported,) = personal_data(user)["objections"]
    assert exported["vacancy"] == vacancy.reference
    assert exported["reasons"].startswith("Mijn dochter")
    assert (exported["state"], exported["decision_reasons"]) == ("rejected", "Niet aangetoond.")

    end_request = portal.request_account_end(user=user, reason="Verhuisd")
    with django_capture_on_commit_callbacks(execute=True):
        portal.confirm_account_end(actor=decider, end_request=end_request)
    kept = Objection.objects.get()
    assert (kept.reasons, kept.decision_reasons, kept.document.name) == ("", "", "")
    assert kept.state == "rejected"  # the outcome stays in the results' figures
    assert not file_storage().exists(name)
