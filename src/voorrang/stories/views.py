"""The stories' pages: collection and search, one story with its redaction, consent, themes and
feedback, the selection rounds, the panel's reading, the set-up and the researchers' export.
Who may open which page is declared in ``voorrang.web.access``; the consent of each story is
enforced in ``selectors``."""

from __future__ import annotations

import csv
from functools import partial
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from voorrang.audit.selectors import trail
from voorrang.stories import selectors, services
from voorrang.stories.export import export_rows
from voorrang.stories.forms import (
    ChoiceForm,
    ConsentForm,
    DomainForm,
    FeedbackForm,
    PeriodForm,
    RedactForm,
    RoundForm,
    RoundStoryForm,
    StoryCollectForm,
    StorySearchForm,
    ThemeForm,
    ThemesForm,
    WithdrawForm,
    accepted_terms_text,
)
from voorrang.stories.known import flags_of
from voorrang.stories.models import Domain, ReportingPeriod, SelectionRound, Story, Theme
from voorrang.stories.states import RoundState, StoryState
from voorrang.web.access import staff_page
from voorrang.web.actions import STATUS_CONFLICT, perform, step

SECTION = {"staff_section": "stories"}


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200):
    return render(request, template, {**SECTION, **context}, status=status)


# --- Stories -------------------------------------------------------------------------------


@staff_page
@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    form = StorySearchForm(request.GET or None)
    query = selectors.StoryQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = selectors.StoryQuery(
            text=data["q"],
            domain=data["domain"].pk if data["domain"] else None,
            theme=data["theme"].pk if data["theme"] else None,
            teller_role=data["teller_role"],
            period=data["period"].pk if data["period"] else None,
            direction=data["direction"],
            state=data["state"],
        )
    stories = Paginator(selectors.search(request.user, query), 25).get_page(request.GET.get("page"))
    return _page(
        request,
        "stories/story_list.html",
        {
            "search": form if form.is_bound else StorySearchForm(),
            "stories": stories,
            "searched": form.is_bound,
            "withdrawn": selectors.stories_in_scope(request.user)
            .filter(state=StoryState.WITHDRAWN)
            .count(),
        },
    )


@staff_page
@require_http_methods(["GET", "HEAD", "POST"])
def story_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.collecting_organisations(request.user)
    if request.method != "POST":
        initial = {"told_on": timezone.localdate()}
        return _page(
            request,
            "stories/story_create.html",
            {"form": StoryCollectForm(initial=initial, organisations=organisations)},
        )
    form = StoryCollectForm(request.POST, organisations=organisations)
    return perform(
        request,
        form,
        lambda data: services.collect_story(actor=request.user, **data),
        success=lambda story: _("Story %(code)s was recorded.") % {"code": story.code},
        redirect_to=lambda story: reverse("stories:story", args=[story.pk]),
        show_again=lambda form, status: _page(
            request, "stories/story_create.html", {"form": form, "failed": form}, status
        ),
    )


def _story(request: HttpRequest, pk: int) -> Story:
    try:
        return selectors.story_for(request.user, pk)
    except Story.DoesNotExist as exc:
        raise Http404(pk) from exc


def _show_story(
    request: HttpRequest, pk: int, *, failed: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    story = _story(request, pk)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "story": story,
        "original": selectors.sees_original(request.user, story),
        "flags": flags_of(story) if story.redacted_text else [],
        "consents": selectors.consent_history(story),
        "feedback": story.feedback.select_related("given_by"),
        "events": trail(story),
        "consent_form": ConsentForm(prefix="consent", initial={"given_on": today}),
        "withdraw_form": WithdrawForm(prefix="withdraw", initial={"withdrawn_on": today}),
        "themes_form": ThemesForm(prefix="themes", initial={"themes": story.themes.all()}),
        "feedback_form": FeedbackForm(prefix="feedback", initial={"given_on": today}),
        "failed": failed,
        "conflict": status == STATUS_CONFLICT,
    }
    if failed is not None:
        context[f"{failed.prefix}_form"] = failed
    return _page(request, "stories/story.html", context, status)


@staff_page
@require_safe
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _show_story(request, pk)


@staff_page
@require_POST
def story_consent(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    return step(
        request,
        form=ConsentForm(request.POST, prefix="consent"),
        action=lambda data: services.record_consent(actor=request.user, story=story, **data),
        success=_("The new consent was recorded."),
        redirect_to=reverse("stories:story", args=[pk]),
        page=partial(_show_story, request, pk),
    )


@staff_page
@require_POST
def story_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)

    def withdraw(data: dict) -> Story:
        return services.withdraw_consent(
            actor=request.user,
            story=story,
            withdrawn_on=data["withdrawn_on"],
            how=data["how"],
            note=data["note"],
        )

    return step(
        request,
        form=WithdrawForm(request.POST, prefix="withdraw"),
        action=withdraw,
        success=_("The withdrawal was recorded and the story erased."),
        redirect_to=reverse("stories:story", args=[pk]),
        page=partial(_show_story, request, pk),
    )


@staff_page
@require_POST
def story_themes(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    return step(
        request,
        form=ThemesForm(request.POST, prefix="themes"),
        action=lambda data: services.set_themes(
            actor=request.user, story=story, themes=data["themes"]
        ),
        success=_("The themes were saved."),
        redirect_to=reverse("stories:story", args=[pk]),
        page=partial(_show_story, request, pk),
    )


@staff_page
@require_POST
def story_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    story = _story(request, pk)
    return step(
        request,
        form=FeedbackForm(request.POST, prefix="feedback"),
        action=lambda data: services.record_feedback(actor=request.user, story=story, **data),
        success=_("The feedback to the teller was recorded."),
        redirect_to=reverse("stories:story", args=[pk]),
        page=partial(_show_story, request, pk),
    )


@staff_page
@require_http_methods(["GET", "HEAD", "POST"])
def story_redact(request: HttpRequest, pk: int) -> HttpResponse:
    """The collector's redaction, beside the story as told, and what the check still finds."""
    story = _story(request, pk)
    if not selectors.sees_original(request.user, story):
        # Redacting needs the story as told: the welfare coordinators or its collector.
        raise Http404(pk)

    def show(form: forms.Form, status: int = 200, flags: list | None = None) -> HttpResponse:
        return _page(
            request,
            "stories/story_redact.html",
            {
                "story": story,
                "form": form,
                "failed": form if form.errors else None,
                "conflict": status == STATUS_CONFLICT,
                "flags": flags_of(story) if flags is None and story.redacted_text else flags,
            },
            status,
        )

    if request.method != "POST":
        return show(
            RedactForm(
                initial={
                    "redacted_text": story.redacted_text or story.text,
                    "redacted_significance": story.redacted_significance or story.significance,
                    "quotation": story.quotation,
                    "accepted_terms": accepted_terms_text(story),
                }
            )
        )

    def redact(data: dict) -> list:
        return services.redact_story(actor=request.user, story=story, **data)

    return perform(
        request,
        RedactForm(request.POST),
        redact,
        success=lambda flags: (
            _("The redaction was saved. The check still finds: %(terms)s.")
            % {"terms": ", ".join(flag.term for flag in flags)}
            if flags
            else _("The redaction was saved; the check finds no known name or address.")
        ),
        redirect_to=lambda flags: reverse(
            "stories:story_redact" if flags else "stories:story", args=[pk]
        ),
        show_again=lambda form, status: show(form, status),
    )


# --- Set-up --------------------------------------------------------------------------------


def _show_setup(request: HttpRequest, failed: forms.Form | None = None, status: int = 200):
    context: dict[str, Any] = {
        "domains": Domain.objects.all(),
        "periods": ReportingPeriod.objects.all(),
        "themes": Theme.objects.all(),
        "domain_form": DomainForm(prefix="domain"),
        "period_form": PeriodForm(prefix="period"),
        "theme_form": ThemeForm(prefix="theme"),
        "failed": failed,
        "conflict": status == STATUS_CONFLICT,
    }
    if failed is not None:
        context[f"{failed.prefix}_form"] = failed
    return _page(request, "stories/setup.html", context, status)


@staff_page
@require_safe
def setup(request: HttpRequest) -> HttpResponse:
    return _show_setup(request)


@staff_page
@require_POST
def setup_domain(request: HttpRequest) -> HttpResponse:
    return step(
        request,
        form=DomainForm(request.POST, prefix="domain"),
        action=lambda data: services.create_domain(actor=request.user, **data),
        success=_("The domain was added."),
        redirect_to=reverse("stories:setup"),
        page=partial(_show_setup, request),
    )


@staff_page
@require_POST
def setup_period(request: HttpRequest) -> HttpResponse:
    return step(
        request,
        form=PeriodForm(request.POST, prefix="period"),
        action=lambda data: services.create_period(actor=request.user, **data),
        success=_("The reporting period was added."),
        redirect_to=reverse("stories:setup"),
        page=partial(_show_setup, request),
    )


@staff_page
@require_POST
def setup_theme(request: HttpRequest) -> HttpResponse:
    return step(
        request,
        form=ThemeForm(request.POST, prefix="theme"),
        action=lambda data: services.create_theme(actor=request.user, **data),
        success=_("The theme was added."),
        redirect_to=reverse("stories:setup"),
        page=partial(_show_setup, request),
    )


# --- Selection rounds ----------------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "HEAD", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    def show(form: forms.Form, status: int = 200) -> HttpResponse:
        return _page(
            request,
            "stories/round_list.html",
            {
                "rounds": selectors.rounds_for(request.user),
                "form": form,
                "failed": form if form.errors else None,
                "conflict": status == STATUS_CONFLICT,
            },
            status,
        )

    if request.method != "POST":
        return show(RoundForm())
    return perform(
        request,
        RoundForm(request.POST),
        lambda data: services.create_round(actor=request.user, **data),
        success=lambda item: _("The selection round %(name)s was created.") % {"name": item.name},
        redirect_to=lambda item: reverse("stories:round", args=[item.pk]),
        show_again=show,
    )


def _round(pk: int) -> SelectionRound:
    return get_object_or_404(
        SelectionRound.objects.select_related("period").prefetch_related("domains", "members"),
        pk=pk,
    )


def _round_story_form(request: HttpRequest, prefix: str, data: Any = None) -> RoundStoryForm:
    """A story to add or take out: only one the user finds (their organisation's, or any
    for a researcher), so no one moves another organisation's story."""
    form = RoundStoryForm(data, prefix=prefix)
    form.fields["story"].queryset = selectors.visible_stories(request.user)
    return form


def _show_round(
    request: HttpRequest, pk: int, *, failed: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    item = _round(pk)
    in_scope = selectors.visible_stories(request.user)
    # Another organisation's stories in the same round are not listed (not even their codes).
    stories = list(selectors.round_stories(item).filter(pk__in=in_scope.values("pk")))
    selections = {s.domain_id: s for s in item.selections.select_related("story", "domain")}
    add_form = _round_story_form(request, "add")
    add_form.fields["story"].queryset = selectors.stories_awaiting_round(item).filter(
        pk__in=in_scope.values("pk")
    )
    choice_form = ChoiceForm(prefix="choose")
    choice_form.fields["domain"].queryset = item.domains.all()
    choice_form.fields["story"].queryset = selectors.panel_stories(item).filter(
        state=StoryState.SHOWN
    )
    if failed is not None and failed.prefix == "add":
        add_form = failed
    if failed is not None and failed.prefix == "choose":
        choice_form = failed
    return _page(
        request,
        "stories/round.html",
        {
            "round": item,
            "stories": stories,
            "selections": [(domain, selections.get(domain.pk)) for domain in item.domains.all()],
            "add_form": add_form,
            "choice_form": choice_form,
            "panel": selectors.panel_view(item) if stories else None,
            "flagged": selectors.flagged_in_scope(request.user, item),
            "events": trail(item),
            "failed": failed,
            "conflict": status == STATUS_CONFLICT,
        },
        status,
    )


@staff_page
@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _show_round(request, pk)


class _NoFields(forms.Form):
    pass


@staff_page
@require_POST
def round_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _round(pk)
    return step(
        request,
        form=_round_story_form(request, "add", request.POST),
        action=lambda data: services.add_story_to_round(
            actor=request.user, selection_round=item, story=data["story"]
        ),
        success=_("The story was added to the round."),
        redirect_to=reverse("stories:round", args=[pk]),
        page=partial(_show_round, request, pk),
    )


@staff_page
@require_POST
def round_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _round(pk)
    return step(
        request,
        form=_round_story_form(request, "remove", request.POST),
        action=lambda data: services.remove_story_from_round(
            actor=request.user, selection_round=item, story=data["story"]
        ),
        success=_("The story was taken out of the round."),
        redirect_to=reverse("stories:round", args=[pk]),
        page=partial(_show_round, request, pk),
    )


@staff_page
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    item = _round(pk)
    return step(
        request,
        form=_NoFields(request.POST, prefix="open"),
        action=lambda data: services.open_round(actor=request.user, selection_round=item),
        success=_("The stories are now shown to the panel."),
        redirect_to=reverse("stories:round", args=[pk]),
        page=partial(_show_round, request, pk),
    )


@staff_page
@require_POST
def round_choose(request: HttpRequest, pk: int) -> HttpResponse:
    item = _round(pk)
    return step(
        request,
        form=ChoiceForm(request.POST, prefix="choose"),
        action=lambda data: services.record_selection(
            actor=request.user, selection_round=item, **data
        ),
        success=_("The panel's choice was recorded."),
        redirect_to=reverse("stories:round", args=[pk]),
        page=partial(_show_round, request, pk),
    )


@staff_page
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _round(pk)
    return step(
        request,
        form=_NoFields(request.POST, prefix="close"),
        action=lambda data: services.close_round(actor=request.user, selection_round=item),
        success=_("The round was closed: the chosen stories are selected."),
        redirect_to=reverse("stories:round", args=[pk]),
        page=partial(_show_round, request, pk),
    )


# --- The panel ---------------------------------------------------------------------------


@staff_page
@require_safe
def panel_rounds(request: HttpRequest) -> HttpResponse:
    return _page(
        request, "stories/panel_rounds.html", {"rounds": selectors.rounds_for(request.user)}
    )


@staff_page
@require_safe
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """What a panel member reads: the redacted stories only, refused while any is flagged."""
    item = _round(pk)
    if not selectors.may_read_panel(request.user, item):
        raise Http404(pk)
    view = selectors.panel_view(item)
    domains = [
        (domain, [entry for entry in view.items if entry.domain_id == domain.pk])
        for domain in item.domains.all()
    ]
    return _page(
        request,
        "stories/panel.html",
        {
            "round": item,
            "view": view,
            "flagged": selectors.flagged_in_scope(request.user, item, view=view),
            "domains": domains,
            "manager": selectors.is_manager(request.user),
            "preparing": item.state == RoundState.PREPARING,
        },
        status=STATUS_CONFLICT if view.refused else 200,
    )


# --- Export --------------------------------------------------------------------------------


@staff_page
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """The stories for analysis, as CSV, within consent (see ``export``)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="stories-{timezone.localdate().isoformat()}.csv"'
    )
    writer = csv.writer(response)
    for row in export_rows(request.user):
        writer.writerow(row)
    return response
