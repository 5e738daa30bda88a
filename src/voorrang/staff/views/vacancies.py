"""The vacancy list, the creation of a draft, the vacancy page and its steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from voorrang.allocation import photos as listing_photos
from voorrang.allocation import selectors, services
from voorrang.allocation.models import Allocation, Offer, Vacancy, VacancyPhoto
from voorrang.allocation.services.listing import LISTING_STATES
from voorrang.housing.models import Unit
from voorrang.staff.forms import (
    ChecksForm,
    ConfirmForm,
    ContractForm,
    KeysForm,
    ListingForm,
    PaperResponseForm,
    PhotoForm,
    PublishForm,
    RankForm,
    RefuseForm,
    UnitSearchForm,
    VacancyCreateForm,
    VacancyFilterForm,
    ViewingForm,
    ViewingOutcomeForm,
    WithdrawVacancyForm,
)
from voorrang.web.access import staff_page
from voorrang.web.actions import STATUS_CONFLICT, perform, step
from voorrang.web.downloads import private_file_response

# Every form of the vacancy page, by its prefix (which keeps the field ids apart).
VACANCY_FORMS: dict[str, type[forms.Form]] = {
    "publish": PublishForm,
    "close": ConfirmForm,
    "rank": RankForm,
    "offer_next": ConfirmForm,
    "accept": ConfirmForm,
    "refuse": RefuseForm,
    "viewing": ViewingForm,
    "viewing_outcome": ViewingOutcomeForm,
    "checks": ChecksForm,
    "contract": ContractForm,
    "keys": KeysForm,
    "withdraw": WithdrawVacancyForm,
    "paper": PaperResponseForm,
    "listing": ListingForm,
    "photo": PhotoForm,
    "photo_remove": ConfirmForm,
    "photo_forward": ConfirmForm,
}


@staff_page
@require_safe
def vacancy_list(request: HttpRequest) -> HttpResponse:
    filters = VacancyFilterForm(request.GET or None)
    state, building = "", None
    if filters.is_valid():
        state = filters.cleaned_data["state"]
        building = filters.cleaned_data["building"]
    vacancies = selectors.paginate(
        selectors.vacancy_list(state=state, building=building), request.GET.get("page")
    )
    return render(
        request,
        "staff/vacancy_list.html",
        {"filters": filters, "vacancies": vacancies, "staff_section": "vacancies"},
    )


# Units are long cards: fewer per page than the rows of a table.
UNITS_PER_PAGE = 20


@staff_page
@require_safe
def vacancy_create(request: HttpRequest) -> HttpResponse:
    """The first step of a new vacancy: find the unit (by address, postcode or building) among
    those without an open vacancy, and see its facts before choosing it."""
    search = UnitSearchForm(request.GET or None)
    units = None
    if not search.is_bound or search.is_valid():
        data = search.cleaned_data if search.is_bound else {}
        criteria = selectors.UnitSearch(
            text=data.get("q", ""),
            building=data.get("building"),
            min_rooms=data.get("rooms"),
        )
        units = selectors.paginate(
            selectors.units_for_vacancy(criteria), request.GET.get("page"), UNITS_PER_PAGE
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "staff/unit_picker.html",
        {
            "search": search,
            "failed": search if search.is_bound and search.errors else None,
            "units": units,
            "search_query": request.GET.urlencode(),
            "searched": any(query.values()),
            "staff_section": "vacancies",
        },
    )


@staff_page
def vacancy_create_for_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The second step: the vacancy of the unit chosen, whose facts stay in view."""
    try:
        unit, open_vacancy = selectors.unit_for_vacancy(unit_id)
    except Unit.DoesNotExist as exc:
        raise Http404(unit_id) from exc
    form = VacancyCreateForm(request.POST if request.method == "POST" else None)

    def create(data: dict[str, Any]) -> Vacancy:
        return services.create_vacancy(
            actor=request.user,
            unit=unit,
            closes_on=data["closes_on"],
            ordering=data["ordering"],
            labels=data["labels"],
            rent=data["rent"] if data["rent"] is not None else unit.rent,
        )

    def show(form: forms.Form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "staff/vacancy_create.html",
            {
                "form": form,
                "unit": unit,
                "open_vacancy": open_vacancy,
                # Back to the same search in the picker.
                "search_query": request.GET.urlencode(),
                "staff_section": "vacancies",
                "failed": form if form.is_bound else None,
                "conflict": status == STATUS_CONFLICT,
            },
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return perform(
        request,
        form,
        create,
        success=lambda vacancy: (
            _("Draft vacancy %(reference)s was created.") % {"reference": vacancy.reference}
        ),
        redirect_to=lambda vacancy: reverse("staff:vacancy", args=[vacancy.reference]),
        show_again=show,
    )


def _vacancy(reference: str) -> Vacancy:
    try:
        return selectors.vacancy_for_page(reference)
    except Vacancy.DoesNotExist as exc:
        raise Http404(reference) from exc


def _listing_initial(vacancy: Vacancy) -> dict[str, Any]:
    return {
        "description": vacancy.description,
        "labels": vacancy.labels,
        "energy_label": vacancy.unit.energy_label,
        "accessibility_label": vacancy.unit.accessibility_label,
        "service_costs": vacancy.unit.service_costs,
    }


def _show_vacancy(
    request: HttpRequest,
    reference: str,
    *,
    failed: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    vacancy = _vacancy(reference)
    page = selectors.vacancy_page(
        vacancy,
        ranking_page=request.GET.get("page"),
        exclusions_page=request.GET.get("exclusions"),
        responses_page=request.GET.get("responses"),
    )
    quota = None
    if "publish" in page.actions:
        # The decision publish_vacancy will take, in words, before staff publish.
        decision = selectors.quota_preview(vacancy, timezone.localdate())
        if decision is not None:
            quota = selectors.explain_quota(decision, selectors.designated_building_names())
    page_forms = {prefix: form_class(prefix=prefix) for prefix, form_class in VACANCY_FORMS.items()}
    page_forms["listing"] = ListingForm(prefix="listing", initial=_listing_initial(vacancy))
    if failed is not None:
        page_forms[failed.prefix] = failed
    if vacancy.state != "draft":
        # The conditions are fixed at publication (services.update_listing).
        page_forms["listing"].fields.pop("labels", None)
    return render(
        request,
        "staff/vacancy.html",
        {
            "page": page,
            "vacancy": vacancy,
            "forms": page_forms,
            "photos": list(vacancy.photos.all()),
            "listing_open": vacancy.state in LISTING_STATES,
            "quota": quota,
            "failed": failed,
            "conflict": status == 409,
            "staff_section": "vacancies",
        },
        status=status,
    )


@staff_page
@require_safe
def vacancy_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _show_vacancy(request, reference)


def _vacancy_step(
    request: HttpRequest,
    reference: str,
    prefix: str,
    action: Callable[[Vacancy, forms.Form, dict[str, Any]], Any],
    success: Callable[[Any], str],
) -> HttpResponse:
    vacancy = _vacancy(reference)
    form = VACANCY_FORMS[prefix](request.POST, request.FILES, prefix=prefix)
    url = reverse("staff:vacancy", kwargs={"reference": vacancy.reference})
    return step(
        request,
        form=form,
        action=lambda data: action(vacancy, form, data),
        success=success,
        redirect_to=url,
        page=lambda failed, status: _show_vacancy(request, reference, failed=failed, status=status),
    )


@staff_page
@require_POST
def vacancy_publish(request: HttpRequest, reference: str) -> HttpResponse:
    def publish(vacancy: Vacancy, form: PublishForm, data: dict[str, Any]) -> Vacancy:
        return services.publish_vacancy(
            actor=request.user,
            vacancy=vacancy,
            override_targeted=form.override(),
            override_reason=data["override_reason"],
        )

    def said(vacancy: Vacancy) -> str:
        if vacancy.targeted:
            return _("The vacancy was published. It is targeted.")
        return _("The vacancy was published. It is not targeted.")

    return _vacancy_step(request, reference, "publish", publish, said)


@staff_page
@require_POST
def vacancy_close(request: HttpRequest, reference: str) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "close",
        lambda vacancy, form, data: services.close_vacancy(actor=request.user, vacancy=vacancy),
        lambda vacancy: _("The vacancy was closed for responses."),
    )


@staff_page
@require_POST
def vacancy_rank(request: HttpRequest, reference: str) -> HttpResponse:
    def said(ranking: Any) -> str:
        return _("Ranking %(number)s was made and stored.") % {"number": ranking.sequence}

    return _vacancy_step(
        request,
        reference,
        "rank",
        lambda vacancy, form, data: services.rank_vacancy(
            actor=request.user, vacancy=vacancy, reason=data["reason"]
        ),
        said,
    )


def _offer_said(offer: Offer | None) -> str:
    if offer is None:
        return _(
            "Nobody in the ranking can be offered the home now: every candidate had an offer, "
            "holds an open offer elsewhere or is no longer active."
        )
    return _("The home was offered to %(seeker)s (position %(position)s).") % {
        "seeker": offer.seeker.registration_number,
        "position": offer.entry.position,
    }


@staff_page
@require_POST
def vacancy_offer_next(request: HttpRequest, reference: str) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "offer_next",
        lambda vacancy, form, data: services.offer_next(actor=request.user, vacancy=vacancy),
        _offer_said,
    )


@staff_page
@require_POST
def vacancy_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "withdraw",
        lambda vacancy, form, data: services.withdraw_vacancy(
            actor=request.user, vacancy=vacancy, reason=data["reason"]
        ),
        lambda vacancy: _("The vacancy was withdrawn."),
    )


@staff_page
@require_POST
def vacancy_paper_response(request: HttpRequest, reference: str) -> HttpResponse:
    def enter(vacancy: Vacancy, form: forms.Form, data: dict[str, Any]) -> Any:
        return services.respond(
            actor=request.user,
            vacancy=vacancy,
            seeker=data["seeker"],
            channel="paper",
            responded_on=data["responded_on"],
        )

    return _vacancy_step(
        request,
        reference,
        "paper",
        enter,
        lambda response: (
            _("The paper response of %(seeker)s was entered.")
            % {"seeker": response.seeker.registration_number}
        ),
    )


def _offer(vacancy: Vacancy, offer_id: int) -> Offer:
    return get_object_or_404(Offer.objects.select_related("seeker"), pk=offer_id, vacancy=vacancy)


@staff_page
@require_POST
def offer_accept(request: HttpRequest, reference: str, offer_id: int) -> HttpResponse:
    def accept(vacancy: Vacancy, form: forms.Form, data: dict[str, Any]) -> Any:
        return services.accept_offer(actor=request.user, offer=_offer(vacancy, offer_id))

    return _vacancy_step(
        request,
        reference,
        "accept",
        accept,
        lambda allocation: (
            _("The offer was accepted by %(seeker)s. Next: the checks of income and documents.")
            % {"seeker": allocation.seeker.registration_number}
        ),
    )


@staff_page
@require_POST
def offer_refuse(request: HttpRequest, reference: str, offer_id: int) -> HttpResponse:
    def refuse(vacancy: Vacancy, form: forms.Form, data: dict[str, Any]) -> Any:
        return services.refuse_offer(
            actor=request.user,
            offer=_offer(vacancy, offer_id),
            reason=data["refusal_reason"],
            text=data["refusal_text"],
        )

    def said(next_offer: Offer | None) -> str:
        return " ".join([_("The refusal was recorded."), _offer_said(next_offer)])

    return _vacancy_step(request, reference, "refuse", refuse, said)


# --- The listing: what seekers read, and the photos -----------------------------------------


@staff_page
@require_POST
def vacancy_listing(request: HttpRequest, reference: str) -> HttpResponse:
    def change(vacancy: Vacancy, form: forms.Form, data: dict[str, Any]) -> Vacancy:
        return services.update_listing(
            actor=request.user,
            vacancy=vacancy,
            description=data["description"],
            energy_label=data["energy_label"],
            accessibility_label=data["accessibility_label"],
            service_costs=data["service_costs"],
            # A published vacancy's form has no labels: they are kept as they are.
            labels=data["labels"] if vacancy.state == "draft" else None,
        )

    return _vacancy_step(
        request, reference, "listing", change, lambda vacancy: _("The listing was saved.")
    )


@staff_page
@require_POST
def vacancy_photo_add(request: HttpRequest, reference: str) -> HttpResponse:
    def add(vacancy: Vacancy, form: forms.Form, data: dict[str, Any]) -> VacancyPhoto:
        return services.add_photo(
            actor=request.user,
            vacancy=vacancy,
            upload=data["photo"] or None,
            alt_text=data["alt_text"],
        )

    return _vacancy_step(request, reference, "photo", add, lambda photo: _("The photo was added."))


def _photo(vacancy: Vacancy, photo_id: int) -> VacancyPhoto:
    return get_object_or_404(VacancyPhoto, pk=photo_id, vacancy=vacancy)


@staff_page
@require_POST
def vacancy_photo_remove(request: HttpRequest, reference: str, photo_id: int) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "photo_remove",
        lambda vacancy, form, data: services.remove_photo(
            actor=request.user, photo=_photo(vacancy, photo_id)
        ),
        lambda vacancy: _("The photo was removed."),
    )


@staff_page
@require_POST
def vacancy_photo_forward(request: HttpRequest, reference: str, photo_id: int) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "photo_forward",
        lambda vacancy, form, data: services.move_photo_forward(
            actor=request.user, photo=_photo(vacancy, photo_id)
        ),
        lambda photo: _("The photo was moved one place forward."),
    )


@staff_page
@require_safe
def vacancy_photo(request: HttpRequest, reference: str, photo_id: int, size: str) -> FileResponse:
    """A photo of any vacancy, a draft too (the portal shows only those of published ones)."""
    photo = _photo(_vacancy(reference), photo_id)
    return photo_response(photo, size)


def photo_response(photo: VacancyPhoto, size: str) -> FileResponse:
    if size not in listing_photos.SIZES:
        raise Http404(size)
    handle = listing_photos.open_photo(photo.stored_name, size)
    if handle is None:
        raise Http404(photo.pk)
    return private_file_response(
        handle, filename=f"photo-{photo.pk}-{size}.jpg", content_type="image/jpeg", inline=True
    )


# --- From the offer to the keys ---------------------------------------------------------


@staff_page
@require_POST
def offer_viewing(request: HttpRequest, reference: str, offer_id: int) -> HttpResponse:
    def plan(vacancy: Vacancy, form: ViewingForm, data: dict[str, Any]) -> Offer:
        return services.plan_viewing(
            actor=request.user, offer=_offer(vacancy, offer_id), viewing_at=form.moment()
        )

    return _vacancy_step(
        request,
        reference,
        "viewing",
        plan,
        lambda offer: (
            _("The viewing is planned on %(moment)s.")
            % {"moment": formats.date_format(timezone.localtime(offer.viewing_at), "j F Y H:i")}
        ),
    )


@staff_page
@require_POST
def offer_viewing_outcome(request: HttpRequest, reference: str, offer_id: int) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "viewing_outcome",
        lambda vacancy, form, data: services.record_viewing(
            actor=request.user,
            offer=_offer(vacancy, offer_id),
            outcome=data["viewing_outcome"],
            note=data["viewing_note"],
        ),
        lambda offer: _("The outcome of the viewing was recorded."),
    )


def _allocation(vacancy: Vacancy, allocation_id: int) -> Allocation:
    return get_object_or_404(
        Allocation.objects.select_related("seeker"), pk=allocation_id, vacancy=vacancy
    )


@staff_page
@require_POST
def allocation_checks(request: HttpRequest, reference: str, allocation_id: int) -> HttpResponse:
    def check(vacancy: Vacancy, form: forms.Form, data: dict[str, Any]) -> Offer | None:
        return services.record_checks(
            actor=request.user,
            allocation=_allocation(vacancy, allocation_id),
            passed=data["outcome"] == ChecksForm.PASSED,
            note=data["check_note"],
        )

    def said(next_offer: Offer | None) -> str:
        form = ChecksForm(request.POST, prefix="checks")
        if form.is_valid() and form.cleaned_data["outcome"] == ChecksForm.PASSED:
            return _("The checks were recorded: the contract can be signed.")
        return " ".join([_("The failed check was recorded."), _offer_said(next_offer)])

    return _vacancy_step(request, reference, "checks", check, said)


@staff_page
@require_POST
def allocation_contract(request: HttpRequest, reference: str, allocation_id: int) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "contract",
        lambda vacancy, form, data: services.sign_contract(
            actor=request.user,
            allocation=_allocation(vacancy, allocation_id),
            starts_on=data["contract_start"],
            rent=data["contract_rent"],
            signed_on=data["contract_signed_on"],
        ),
        lambda allocation: (
            _("The contract was signed: the home is let to %(seeker)s.")
            % {"seeker": allocation.seeker.registration_number}
        ),
    )


@staff_page
@require_POST
def allocation_keys(request: HttpRequest, reference: str, allocation_id: int) -> HttpResponse:
    return _vacancy_step(
        request,
        reference,
        "keys",
        lambda vacancy, form, data: services.hand_over_keys(
            actor=request.user,
            allocation=_allocation(vacancy, allocation_id),
            handed_on=data["keys_handed_on"],
        ),
        lambda allocation: _("The key handover was recorded."),
    )
