"""The seekers' pages: find homes, respond, follow the outcome, results, own data."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from voorrang.accounts import ratelimit
from voorrang.allocation import photos as listing_photos
from voorrang.allocation import services as allocation
from voorrang.allocation.models import Allocation, Offer, Response, Vacancy
from voorrang.allocation.selectors import open_response_count, registration_time
from voorrang.allocation.services.income_checks import income_decides_for
from voorrang.allocation.states import PENDING_OFFER_STATES, VacancyState
from voorrang.audit import selectors as audit_trail
from voorrang.errors import DomainError
from voorrang.objections import selectors as objection_selectors
from voorrang.objections import services as objection_services
from voorrang.objections.models import ObjectionState
from voorrang.portal import eligibility, selectors
from voorrang.portal import services as portal_services
from voorrang.portal.account_end import account_end_summary
from voorrang.portal.export import personal_data
from voorrang.portal.forms import (
    EndAccountForm,
    ObjectionForm,
    RefusalForm,
    ResponseFilterForm,
    VacancyFilterForm,
)
from voorrang.portal.models import EndRequestStatus
from voorrang.seekers import evidence as evidence_files
from voorrang.seekers.models import CheckStatus, EvidenceFile, Seeker, SeekerStatus
from voorrang.seekers.selectors import seeker_of, urgencies_shown
from voorrang.web.access import seeker_required
from voorrang.web.downloads import private_file_response
from voorrang.web.forms import add_domain_error

# --- Find homes -----------------------------------------------------------------------------


@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    vacancies = selectors.open_vacancies()
    towns = sorted(set(vacancies.values_list("unit__town", flat=True)))
    buildings = sorted(set(vacancies.values_list("unit__building__name", flat=True)))
    form = VacancyFilterForm(request.GET or None, towns=towns, buildings=buildings)
    if form.is_bound and form.is_valid():
        vacancies = selectors.filter_vacancies(vacancies, form.cleaned_data)
    page = Paginator(vacancies, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    seeker = seeker_of(request.user)
    return render(
        request,
        "portal/vacancy_list.html",
        {
            "form": form,
            "page": page,
            "cards": selectors.vacancy_cards(list(page.object_list), seeker),
            "seeker": seeker,
            "query": query.urlencode(),
        },
    )


def _public_vacancy(reference: str) -> Vacancy:
    vacancy = selectors.vacancy_with_home(reference)
    if vacancy is None or vacancy.state == VacancyState.DRAFT:
        raise Http404
    return vacancy


@require_GET
def vacancy_detail(request: HttpRequest, reference: str) -> HttpResponse:
    vacancy = _public_vacancy(reference)
    seeker = seeker_of(request.user)
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "unit": vacancy.unit,
        "seeker": seeker,
        "open": vacancy.state == VacancyState.PUBLISHED
        and vacancy.closes_on >= timezone.localdate(),
        "limit": _limit(),
        "chances": selectors.chances(vacancy, seeker),
        "photos": selectors.listing_photos(vacancy),
    }
    if seeker is not None:
        response = Response.objects.filter(vacancy=vacancy, seeker=seeker).first()
        context["response"] = response if response and response.active else None
        context["check"] = eligibility.check(seeker, vacancy)
        context["open_count"] = open_response_count(seeker)
        context["outcome"] = _outcome(seeker, vacancy)
        context["offer"] = vacancy.offers.filter(
            seeker=seeker, state__in=PENDING_OFFER_STATES
        ).first()
        context["income_unchecked"] = seeker.income_check != CheckStatus.CHECKED and (
            income_decides_for(vacancy)
        )
    return render(request, "portal/vacancy_detail.html", context)


@require_GET
def vacancy_photo(request: HttpRequest, reference: str, photo_id: int, size: str) -> FileResponse:
    """A photo of a listing, from the file storage: the listing is public, a draft's is not."""
    photo = selectors.public_photo(reference, photo_id)
    if photo is None or size not in listing_photos.SIZES:
        raise Http404
    handle = listing_photos.open_photo(photo.stored_name, size)
    if handle is None:
        raise Http404
    return private_file_response(
        handle, filename=f"photo-{photo.pk}-{size}.jpg", content_type="image/jpeg", inline=True
    )


def _limit() -> int:
    return settings.VOORRANG_MAX_OPEN_RESPONSES


def _outcome(seeker: Any, vacancy: Vacancy) -> dict[str, Any] | None:
    found = selectors.outcome(seeker, vacancy)
    if found is None:
        return None
    sentences = (
        eligibility.exclusion_sentences(found.scenario, seeker.registration_number, found.exclusion)
        if found.exclusion
        else []
    )
    return {
        "position": found.position,
        "total": found.total,
        "tier": eligibility.tier_sentence(found.tier) if found.tier else "",
        "reasons": sentences,
    }


def _too_fast(request: HttpRequest) -> bool:
    # Per account, not per network address: many seekers share one address (a library, a
    # housing office, a mobile network's gateway), and each must be able to respond.
    if ratelimit.responses().allow(str(request.user.pk)):
        return False
    messages.error(request, _("You sent too many requests. Wait a minute and try again."))
    return True


# What became of a response request, in a header of the redirect as well as in the message:
# for the load benchmark (benchmarks/bench_intake_load.py), which checks every answer against
# the database, and for anyone who needs to tell the outcomes apart without parsing a page.
OUTCOME_HEADER = "Voorrang-Outcome"


class Outcome:
    RECEIVED = "received"  # a new response
    ALREADY = "already"  # the response was there already (a second click): it counts once
    LIMIT = "limit"
    CLOSED = "closed"
    NOT_ELIGIBLE = "not-eligible"
    TOO_FAST = "too-fast"
    REFUSED = "refused"  # another rule of the service said no


def _answer(reference: str, outcome: str) -> HttpResponse:
    response = redirect("portal:vacancy", reference=reference)
    response[OUTCOME_HEADER] = outcome
    return response


@require_POST
@seeker_required
def respond(request: HttpRequest, reference: str) -> HttpResponse:
    """Respond to a home. Idempotent: the same request twice, one after the other or at the
    same moment, leaves one response (the service locks the seeker's row and the database
    has one row per seeker and vacancy), and the second gets "already"."""
    vacancy = _public_vacancy(reference)
    seeker = request.seeker  # type: ignore[attr-defined]
    if _too_fast(request):
        return _answer(reference, Outcome.TOO_FAST)
    if vacancy.state != VacancyState.PUBLISHED or vacancy.closes_on < timezone.localdate():
        messages.error(request, _("The time to respond to this home has ended."))
        return _answer(reference, Outcome.CLOSED)
    check = eligibility.check(seeker, vacancy, with_tier=False)
    if not check.registration_active:
        messages.error(request, " ".join(check.sentences))
        return _answer(reference, Outcome.NOT_ELIGIBLE)
    if not check.eligible:
        messages.error(
            request, _("You cannot respond to this home: %s") % " ".join(check.sentences)
        )
        return _answer(reference, Outcome.NOT_ELIGIBLE)
    try:
        allocation.respond(actor=request.user, vacancy=vacancy, seeker=seeker)
    except DomainError as error:
        if error.code == "response_limit":
            messages.error(
                request,
                ngettext(
                    "You already have %(limit)s open response, the most you can have at a "
                    "time. Withdraw it first, then respond to this home.",
                    "You already have %(limit)s open responses, the most you can have at a "
                    "time. Withdraw one first, then respond to this home.",
                    _limit(),
                )
                % {"limit": _limit()},
            )
            return _answer(reference, Outcome.LIMIT)
        if error.code == "registration_not_active":  # ended between the check and the write
            seeker.refresh_from_db()
            messages.error(request, eligibility.registration_ended_sentence(seeker))
            return _answer(reference, Outcome.NOT_ELIGIBLE)
        if error.code == "already_responded":
            messages.info(request, _("You have already responded to this home. It counts once."))
            return _answer(reference, Outcome.ALREADY)
        messages.error(request, error.message)
        return _answer(reference, Outcome.CLOSED if error.code == "closed" else Outcome.REFUSED)
    messages.success(
        request, _("Your response has been received. We will send you an email to confirm it.")
    )
    return _answer(reference, Outcome.RECEIVED)


@require_POST
@seeker_required
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    vacancy = _public_vacancy(reference)
    back = redirect("portal:vacancy", reference=reference)
    if _too_fast(request):
        return back
    response = Response.objects.filter(
        vacancy=vacancy,
        seeker=request.seeker,  # type: ignore[attr-defined]
    ).first()
    if response is None or not response.active:
        messages.info(request, _("You have no response to this home, so nothing was withdrawn."))
        return back
    try:
        allocation.withdraw_response(actor=request.user, response=response)
    except DomainError as error:
        messages.error(request, error.message)
        return back
    messages.success(request, _("Your response has been withdrawn."))
    return back


# --- My page, responses and offers ------------------------------------------------------------


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    seeker = seeker_of(request.user)
    context: dict[str, Any] = {
        "seeker": seeker,
        "end_requested": request.user.end_requests.filter(status=EndRequestStatus.PENDING).first(),
    }
    if seeker is not None:
        years, months = registration_time(seeker.registered_on, timezone.localdate())
        context.update(
            years=years,
            months=months,
            offers=list(selectors.open_offers(seeker)),
            open_count=open_response_count(seeker),
            limit=_limit(),
            urgencies=urgencies_shown(seeker),
            active=seeker.status == SeekerStatus.ACTIVE,
        )
        if seeker.status != SeekerStatus.ACTIVE:
            context["ended_sentence"] = eligibility.registration_ended_sentence(seeker)
        if seeker.status == SeekerStatus.HOUSED:
            context["time_sentence"] = eligibility.registration_time_sentence(seeker)
            context["home"] = seeker.allocations.select_related("unit").order_by("-let_on").first()
    return render(request, "portal/my_page.html", context)


RESPONSES_PER_PAGE = 25


def _row_outcome(seeker: Any, row: selectors.ResponseRow) -> dict[str, Any] | None:
    """A row's place in the order, shaped as ``_outcome`` shapes it for the vacancy page."""
    if row.position is not None:
        tier = eligibility.tier_sentence(row.tier) if row.tier else ""
        return {"position": row.position, "total": row.total, "tier": tier, "reasons": []}
    if row.exclusion is not None and row.scenario is not None:
        return {
            "position": None,
            "total": row.total,
            "tier": "",
            "reasons": eligibility.exclusion_sentences(
                row.scenario, seeker.registration_number, row.exclusion
            ),
        }
    return None


@seeker_required
def my_responses(request: HttpRequest) -> HttpResponse:
    """Each response with its outcome, newest first, a page at a time, filtered by state and
    year: a bounded number of queries, however many responses the seeker has made."""
    seeker = request.seeker  # type: ignore[attr-defined]
    today = timezone.localdate()
    form = ResponseFilterForm(request.GET or None, years=selectors.response_years(seeker))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    responses = selectors.filtered_responses(
        seeker, state=filters.get("state") or "", year=filters.get("year"), today=today
    )
    page = Paginator(responses, RESPONSES_PER_PAGE).get_page(request.GET.get("page"))
    response_rows = selectors.response_rows(seeker, list(page.object_list), today)
    objections = objection_selectors.objections_on_responses(seeker, response_rows, today)
    rows = []
    for row in response_rows:
        shown = objections.get(row.response.vacancy_id)
        rows.append(
            {
                "row": row,
                "response": row.response,
                "outcome": _row_outcome(seeker, row),
                "objection": shown.objection if shown else None,
                "may_object": shown.may_object if shown else False,
                "term_ends": shown.term_ends if shown else None,
            }
        )
    offers = seeker.offers.select_related("vacancy__unit").order_by("-made_at")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/my_responses.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "filtered": bool(filters.get("state") or filters.get("year")),
            "offers": offers,
            "seeker": seeker,
        },
    )


def _my_offer(request: HttpRequest, pk: int) -> Offer:
    offer = get_object_or_404(
        Offer.objects.select_related("vacancy__unit__building", "entry"),
        pk=pk,
        seeker=request.seeker,  # type: ignore[attr-defined]
    )
    return offer


@seeker_required
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    found = _my_offer(request, pk)
    form = RefusalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                allocation.accept_offer(actor=request.user, offer=found)
                messages.success(
                    request,
                    _(
                        "You said yes. We now check your income and your papers. "
                        "Then you sign the rental contract."
                    ),
                )
                return redirect("portal:offer", pk=found.pk)
            if action == "refuse" and form.is_valid():
                allocation.refuse_offer(
                    actor=request.user,
                    offer=found,
                    reason=form.cleaned_data["refusal_reason"],
                    text=form.cleaned_data["refusal_text"],
                )
                messages.success(request, _("You said no. We have recorded your reason."))
                return redirect("portal:offer", pk=found.pk)
            if action != "refuse":
                form = RefusalForm()
        except DomainError as error:
            found.refresh_from_db()
            if found.state not in PENDING_OFFER_STATES:
                messages.info(request, _("You have answered this offer already."))
                return redirect("portal:offer", pk=found.pk)
            form = RefusalForm()
            form.add_error(None, error.message)
        status = 400 if form.errors else 200
    return render(
        request,
        "portal/offer.html",
        {
            "offer": found,
            "vacancy": found.vacancy,
            "unit": found.vacancy.unit,
            "form": form,
            "allocation": Allocation.objects.filter(offer=found).first(),
        },
        status=status,
    )


# --- Objections -------------------------------------------------------------------------------


def _responded_vacancy(request: HttpRequest, reference: str) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("unit__building"),
        reference=reference,
        responses__seeker=request.seeker,  # type: ignore[attr-defined]
    )


@seeker_required
def objection(request: HttpRequest, reference: str) -> HttpResponse:
    """Object to the decision on a home the seeker responded to: within the term, with
    reasons and a document; afterwards, the objection's state and decision."""
    seeker = request.seeker  # type: ignore[attr-defined]
    vacancy = _responded_vacancy(request, reference)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                objection_services.lodge_objection(
                    actor=request.user,
                    vacancy=vacancy,
                    seeker=seeker,
                    reasons=form.cleaned_data["reasons"],
                    document=form.cleaned_data["document"] or None,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request, _("We have received your objection. You will hear from us.")
                )
                return redirect("portal:objection", reference=vacancy.reference)
        status = 400
    return render(
        request,
        "portal/objection.html",
        {
            "vacancy": vacancy,
            "unit": vacancy.unit,
            "form": form,
            "objection": objection_selectors.objection_of(seeker, vacancy),
            "may_object": objection_selectors.may_object(seeker, vacancy),
            "term_ends": objection_selectors.term_ends(vacancy),
            "hold": settings.VOORRANG_OBJECTION_OFFERS == "hold",
        },
        status=status,
    )


@seeker_required
@require_POST
def objection_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    seeker = request.seeker  # type: ignore[attr-defined]
    vacancy = _responded_vacancy(request, reference)
    found = objection_selectors.objection_of(seeker, vacancy)
    if found is None or found.state != ObjectionState.LODGED:
        messages.info(request, _("There is no objection waiting to withdraw."))
    else:
        objection_services.withdraw_objection(actor=request.user, objection=found)
        messages.success(request, _("You withdrew your objection."))
    return redirect("portal:objection", reference=vacancy.reference)


# --- Results ---------------------------------------------------------------------------------


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.results_page_rows(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/results.html",
        {
            "page": page,
            "audit_root": audit_trail.latest_daily_root(),
            "objections": objection_selectors.objection_figures(),
        },
    )


@require_GET
def audit_roots(request: HttpRequest) -> JsonResponse:
    """Every published daily root of the audit trail, for anyone to keep a copy of."""
    return JsonResponse(
        {
            "algorithm": "sha256",
            "roots": [
                {
                    "day": root.day.isoformat(),
                    "hash": root.hash,
                    "sequence": root.sequence,
                    "published_at": root.published_at.isoformat(),
                }
                for root in audit_trail.daily_roots()
            ],
        }
    )


# --- Own data --------------------------------------------------------------------------------


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """A seeker's own evidence: only the account that uploaded it, or whose registration it
    belongs to, gets the file; anyone else a 404. Staff open evidence from the seeker's staff
    page, where every opening is recorded (staff:seeker_evidence)."""
    owned = Q(owner=request.user) | Q(seeker__user=request.user)
    found = get_object_or_404(EvidenceFile.objects.filter(owned), pk=pk)
    handle = evidence_files.open_stored(found)
    if handle is None:
        raise Http404
    delivery = evidence_files.delivery_of(found, handle)
    return private_file_response(
        handle,
        filename=delivery.filename,
        content_type=delivery.content_type,
        inline=delivery.inline,
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "portal/export.html")
    data = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="voorrang-my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy statement, naming the controllers of this deployment."""
    from voorrang.commitments.models import WelfareOrganisation

    return render(
        request,
        "portal/privacy.html",
        {
            "corporation": settings.VOORRANG_CONTROLLER_NAME,
            "evaluation": settings.VOORRANG_EVALUATION_CONTROLLER_NAME,
            "welfare": list(
                WelfareOrganisation.objects.order_by("name").values_list("name", flat=True)
            ),
            "retention_months": settings.VOORRANG_RETENTION_MONTHS,
        },
    )


@login_required
def end_account(request: HttpRequest) -> HttpResponse:
    form = EndAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            portal_services.request_account_end(
                user=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.info(request, error.message)
            return redirect("portal:my_page")
        messages.success(
            request,
            _("We have received your request. Staff will handle it and let you know by email."),
        )
        return redirect("portal:my_page")
    seeker = Seeker.objects.filter(user=request.user).first()
    return render(
        request,
        "portal/end_account.html",
        {"form": form, "summary": account_end_summary(seeker=seeker)},
    )
