"""The allocation's emails that wait in batches (``voorrang.notifications``): what each says,
written when ``voorrang manage send_notifications`` sends them, from the object it is about as
it is then. A batch may be sent minutes or days after the change it reports, so each builder
first asks whether the email is still true, and leaves out (with the reason) what is not:
the seeker's later emails, or their page, tell them what is true now.
Registered in ``AllocationConfig.ready``."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from voorrang.allocation.models import Offer, Ranking, Response, Vacancy
from voorrang.allocation.states import PENDING_OFFER_STATES, OfferState, VacancyState
from voorrang.notifications.emails import BatchEmails, message
from voorrang.notifications.models import NotSent, PendingBatch
from voorrang.seekers.models import SeekerStatus

# A vacancy in these states has its ranking: a receipt that says "after the closing date we
# put everyone in order" has been overtaken by the position (or exclusion) email.
_RANKED_STATES = {VacancyState.RANKED, VacancyState.OFFERING}


def received_messages(response_id: int) -> BatchEmails:
    emails = BatchEmails()
    response = (
        Response.objects.select_related("vacancy__unit", "seeker__user")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        emails.leave_out(NotSent.GONE)
        return emails
    vacancy = response.vacancy
    if response.withdrawn_at is not None:
        emails.leave_out(NotSent.RESPONSE_WITHDRAWN)  # nothing left to confirm
    elif vacancy.state == VacancyState.WITHDRAWN:
        emails.leave_out(NotSent.VACANCY_WITHDRAWN)  # its own email says the response ended
    elif vacancy.state == VacancyState.LET:
        emails.leave_out(NotSent.VACANCY_LET)
    elif vacancy.state in _RANKED_STATES:
        emails.leave_out(NotSent.VACANCY_RANKED)
    else:
        context = {"vacancy": vacancy, "unit": vacancy.unit}
        emails.add(message("response_received", response.seeker, context))
    return emails


def position_messages(ranking_id: int) -> BatchEmails:
    """Each ranked candidate's position and each excluded one's exclusion, while the ranking
    is the vacancy's current one and the vacancy is neither withdrawn nor (for the positions)
    let. A position says "if it is your turn, we send you an offer": it is left out for a
    candidate who has had an offer for this home (that offer's own emails told them more) and
    for one who no longer looks for a home. An offer to someone further down does not make it
    untrue: a candidate passed over while holding an offer elsewhere stays in the order and
    may still get their turn (``services.offers._offer_next``)."""
    emails = BatchEmails()
    ranking = Ranking.objects.select_related("vacancy__unit").filter(pk=ranking_id).first()
    if ranking is None:
        emails.leave_out(NotSent.GONE)
        return emails
    vacancy = ranking.vacancy
    entries = list(ranking.entries.select_related("seeker__user").order_by("position"))
    exclusions = list(ranking.exclusions.select_related("seeker__user"))
    everyone = len(entries) + len(exclusions)
    if not ranking.is_current:
        emails.leave_out(NotSent.RANKING_REPLACED, everyone)  # the new ranking has its batch
        return emails
    if vacancy.state == VacancyState.WITHDRAWN:
        emails.leave_out(NotSent.VACANCY_WITHDRAWN, everyone)  # the withdrawal email says so
        return emails
    context = {"vacancy": vacancy, "unit": vacancy.unit}
    if vacancy.state == VacancyState.LET:
        emails.leave_out(NotSent.VACANCY_LET, len(entries))
    else:
        had_offer = set(vacancy.offers.values_list("seeker_id", flat=True))
        for entry in entries:
            if entry.seeker_id in had_offer:
                emails.leave_out(NotSent.HAD_OFFER)
            elif entry.seeker.status != SeekerStatus.ACTIVE:
                emails.leave_out(NotSent.SEEKER_NOT_ACTIVE)
            else:
                emails.add(
                    message(
                        "position_known",
                        entry.seeker,
                        {**context, "position": entry.position, "total": len(entries)},
                    )
                )
    # Not meeting the conditions stays true whatever happened to the home since.
    for exclusion in exclusions:
        emails.add(message("excluded", exclusion.seeker, context))
    return emails


def withdrawn_messages(vacancy_id: int) -> BatchEmails:
    """To everyone whose response was still standing. Withdrawn is a final state, so this
    email stays true once the vacancy is withdrawn."""
    emails = BatchEmails()
    vacancy = Vacancy.objects.select_related("unit").filter(pk=vacancy_id).first()
    if vacancy is None or vacancy.state != VacancyState.WITHDRAWN:
        emails.leave_out(NotSent.GONE)
        return emails
    context = {"vacancy": vacancy, "unit": vacancy.unit}
    responses = vacancy.responses.filter(withdrawn_at__isnull=True).select_related("seeker__user")
    for response in responses:
        emails.add(message("vacancy_withdrawn", response.seeker, context))
    return emails


def _offer(offer_id: int) -> Offer | None:
    return Offer.objects.select_related("vacancy__unit", "seeker__user").filter(pk=offer_id).first()


def offer_made_messages(offer_id: int) -> BatchEmails:
    """The offer, while the candidate can still answer it: an offer answered or ended before
    the email went out has its own email (the expiry, the refusal) or the seeker's page."""
    emails = BatchEmails()
    offer = _offer(offer_id)
    if offer is None:
        emails.leave_out(NotSent.GONE)
        return emails
    if offer.state not in PENDING_OFFER_STATES:
        emails.leave_out(NotSent.OFFER_SETTLED)
        return emails
    vacancy = offer.vacancy
    context = {
        "vacancy": vacancy,
        "unit": vacancy.unit,
        "offer": offer,
        "offer_url": settings.VOORRANG_PUBLIC_URL
        + reverse("portal:offer", kwargs={"pk": offer.pk}),
    }
    emails.add(message("offer_made", offer.seeker, context))
    return emails


def _settled_messages(offer_id: int, state: str, template: str) -> BatchEmails:
    """An expiry or a refusal: final states, so the email stays true once it is written."""
    emails = BatchEmails()
    offer = _offer(offer_id)
    if offer is None or offer.state != state:
        emails.leave_out(NotSent.GONE)
        return emails
    vacancy = offer.vacancy
    context = {"vacancy": vacancy, "unit": vacancy.unit, "offer": offer}
    emails.add(message(template, offer.seeker, context))
    return emails


def offer_expired_messages(offer_id: int) -> BatchEmails:
    return _settled_messages(offer_id, OfferState.EXPIRED, "offer_expired")


def refusal_messages(offer_id: int) -> BatchEmails:
    return _settled_messages(offer_id, OfferState.REFUSED, "refusal_recorded")


BUILDERS = {
    PendingBatch.Event.POSITION_KNOWN: position_messages,
    PendingBatch.Event.VACANCY_WITHDRAWN: withdrawn_messages,
    PendingBatch.Event.RESPONSE_RECEIVED: received_messages,
    PendingBatch.Event.OFFER_MADE: offer_made_messages,
    PendingBatch.Event.OFFER_EXPIRED: offer_expired_messages,
    PendingBatch.Event.REFUSAL_RECORDED: refusal_messages,
}
