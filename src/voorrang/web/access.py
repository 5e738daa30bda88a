"""Who may use which staff page: one declared matrix, by URL name, enforced by one decorator;
and who may read each category of protected data, wherever it is shown (pages, exports, the
administration, an API).

A page that is not in the matrix is refused to everyone, so a new page must be declared here
before anyone can open it (and the permission tests walk this matrix). A superuser has exactly
the rights of the application manager (the ``admin`` role) and nothing more: the superuser flag
opens the reference data in the administration, never a separation rule."""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from voorrang.roles import Role, role_names
from voorrang.seekers.selectors import seeker_of

# The corporation's letting staff, and the application manager.
LETTING_STAFF = frozenset({Role.STAFF_ALLOCATION.value, Role.ADMIN.value})

ACCESS: dict[str, frozenset[str]] = {
    name: LETTING_STAFF
    for name in (
        "staff:queue",
        "staff:vacancies",
        "staff:vacancy_create",
        "staff:vacancy_create_for_unit",
        "staff:vacancy",
        "staff:vacancy_publish",
        "staff:vacancy_close",
        "staff:vacancy_rank",
        "staff:vacancy_vera_kandidaten",
        "staff:vacancy_offer_next",
        "staff:vacancy_withdraw",
        "staff:vacancy_paper_response",
        "staff:vacancy_listing",
        "staff:vacancy_photo_add",
        "staff:vacancy_photo_remove",
        "staff:vacancy_photo_forward",
        "staff:vacancy_photo",
        "staff:offer_accept",
        "staff:offer_refuse",
        "staff:objections",
        "staff:objection_register",
        "staff:objection_decide",
        "staff:objection_document",
        "staff:offer_viewing",
        "staff:offer_viewing_outcome",
        "staff:allocation_checks",
        "staff:allocation_contract",
        "staff:allocation_keys",
        "staff:allocations_vera",
        "staff:seekers",
        "staff:seeker",
        "staff:seeker_evidence",
        "staff:seeker_check",
        "staff:seeker_check_reject",
        "staff:seeker_date_change",
        "staff:seeker_date_change_decide",
        "staff:seeker_duplicate_resolve",
        "staff:seeker_urgency_propose",
        "staff:seeker_urgency_confirm",
        "staff:seeker_urgency_reject",
        "staff:seeker_urgency_end",
        "staff:seeker_urgency_document",
        "staff:buildings",
        "staff:building",
        "staff:end_requests",
        "staff:end_request_confirm",
        "staff:end_request_decline",
        "staff:imports",
        "staff:import_preview",
        "staff:import_confirm",
    )
}
# The municipality's policy officers, and the application manager: the policy simulator.
POLICY_STAFF = frozenset({Role.POLICY.value, Role.ADMIN.value})
ACCESS.update(
    {
        f"simulations:{name}": POLICY_STAFF
        for name in ("list", "new", "run", "progress", "cancel", "file")
    }
)

# The evaluation: aggregates for the municipality's policy officers, the evaluation institute
# and the application manager; imports by the institute and the application manager; the
# pseudonymised research data for the institute only.
EVALUATION_READERS = frozenset({Role.POLICY.value, Role.RESEARCHER.value, Role.ADMIN.value})
EVALUATION_EDITORS = frozenset({Role.RESEARCHER.value, Role.ADMIN.value})
RESEARCHERS = frozenset({Role.RESEARCHER.value})
ACCESS |= {
    "evaluation:theory": EVALUATION_READERS,
    "evaluation:theory_json": EVALUATION_READERS,
    "evaluation:theory_csv": EVALUATION_READERS,
    "evaluation:indicators": EVALUATION_READERS,
    "evaluation:report": EVALUATION_READERS,
    "evaluation:report_download": EVALUATION_READERS,
    "evaluation:report_job": EVALUATION_READERS,
    "evaluation:theory_import": EVALUATION_EDITORS,
    "evaluation:observations_import": EVALUATION_EDITORS,
    "evaluation:research": RESEARCHERS,
    "evaluation:research_download": RESEARCHERS,
}

# The welfare organisation's coordinators: the targeted track's pages (voorrang.commitments),
# where each record is further limited to the coordinator's own organisation.
WELFARE_STAFF = frozenset({Role.STAFF_WELFARE.value})
ACCESS.update(
    {
        f"welfare:{name}": WELFARE_STAFF
        for name in (
            "queue",
            "application",
            "intake_schedule",
            "intake_record",
            "assess",
            "decide",
            "renew",
            "objection_assign",
            "objection_document",
            "objection_register",
            "objection_decide",
            "agreement",
            "agreement_pdf",
            "activity_log",
            "check_in",
            "pause",
            "resume",
            "end",
            "caseload",
            "allocation",
            "rubric",
            "criterion_toggle",
            "criterion",
            "support_close",
            "support_reassign",
            "catalogue",
            "need_toggle",
            "team",
            "team_add",
            "team_remove",
            "team_invite",
        )
    }
)


def may_use_welfare_pages(user: Any) -> bool:
    return may_open(user, "welfare:queue")


# The resident surveys: the evaluation institute runs them; the welfare organisation's
# coordinators help residents with paper forms; the municipality reads the aggregates.
SURVEY_STAFF = frozenset({Role.RESEARCHER.value, Role.ADMIN.value})
SURVEY_ENTRY = frozenset({Role.RESEARCHER.value, Role.STAFF_WELFARE.value, Role.ADMIN.value})
SURVEY_RESULTS = frozenset({Role.RESEARCHER.value, Role.POLICY.value, Role.ADMIN.value})
ACCESS.update(
    {
        "staff:surveys": SURVEY_ENTRY,
        "staff:survey_wave": SURVEY_ENTRY,
        "staff:survey_paper": SURVEY_ENTRY,
        "staff:survey_wave_create": SURVEY_STAFF,
        "staff:survey_wave_open": SURVEY_STAFF,
        "staff:survey_wave_close": SURVEY_STAFF,
        "staff:survey_respondent_add": SURVEY_STAFF,
        "staff:survey_invite": SURVEY_STAFF,
        "staff:survey_invite_all": SURVEY_STAFF,
        "staff:survey_results": SURVEY_RESULTS,
    }
)

# The stories of change (voorrang.stories): the welfare organisation's coordinators and the
# researchers collect and manage them; a panel reads them through the panel pages, where the
# view also checks that the reader sits on that round's panel. Consent is enforced per story
# in voorrang.stories.selectors.
STORY_MANAGERS = frozenset({Role.STAFF_WELFARE.value, Role.RESEARCHER.value})
STORY_PANEL = STORY_MANAGERS | {Role.POLICY.value, Role.STAFF_ALLOCATION.value}
ACCESS.update(
    {
        **{
            f"stories:{name}": STORY_MANAGERS
            for name in (
                "stories",
                "story_create",
                "export",
                "setup",
                "setup_domain",
                "setup_period",
                "setup_theme",
                "story",
                "story_redact",
                "story_consent",
                "story_withdraw",
                "story_themes",
                "story_feedback",
                "rounds",
                "round",
                "round_add",
                "round_remove",
                "round_open",
                "round_choose",
                "round_close",
            )
        },
        "stories:panel_rounds": STORY_PANEL,
        "stories:panel": STORY_PANEL,
    }
)


# The application manager: the status of the background work (workers, duties, job queue).
APPLICATION_MANAGER = frozenset({Role.ADMIN.value})
ACCESS["jobs:status"] = APPLICATION_MANAGER


def may_open(user: Any, url_name: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(role_names(user) & ACCESS.get(url_name, frozenset()))


class Protected(enum.StrEnum):
    """The data kept from everyone outside its readers' roles, superusers included."""

    # The targeted track as the welfare organisation keeps it: the application's motivation,
    # skills and experience, the intake's record, assessment scores and reasons, decision and
    # objection reasons, check-ins and activity descriptions.
    WELFARE_RECORDS = "welfare-records"
    # A story as told and who told it (name, contact, registration). A researcher reads them
    # only of the stories they collected; a coordinator only of their organisation's
    # (voorrang.stories.selectors applies the per-story part).
    STORIES_AS_TOLD = "stories-as-told"
    # The pseudonymised research records (voorrang.evaluation.research).
    RESEARCH_DATA = "research-data"


READERS: dict[Protected, frozenset[str]] = {
    Protected.WELFARE_RECORDS: WELFARE_STAFF,
    Protected.STORIES_AS_TOLD: frozenset({Role.STAFF_WELFARE.value, Role.RESEARCHER.value}),
    Protected.RESEARCH_DATA: RESEARCHERS,
}


# Where each category is stored: model label -> the fields that hold it. A door that shows
# records (the administration, an export, an API) leaves out the fields of every category the
# reader may not read (tests/staff/test_separation.py walks every admin registration).
STORED_IN: dict[Protected, dict[str, frozenset[str]]] = {
    Protected.WELFARE_RECORDS: {
        "commitments.application": frozenset({"motivation", "skills", "experience"}),
        "commitments.intake": frozenset({"notes"}),
        "commitments.assessmentscore": frozenset({"reason"}),
        "commitments.decision": frozenset({"reasons"}),
        "commitments.objection": frozenset({"grounds", "decision_reasons"}),
        "commitments.commitmentagreement": frozenset({"pause_reason"}),
        "commitments.activitylog": frozenset({"description"}),
        "commitments.checkin": frozenset({"note"}),
    },
    Protected.STORIES_AS_TOLD: {
        "stories.story": frozenset(
            {"text", "significance", "teller_name", "teller_contact", "seeker"}
        ),
        "stories.consentrecord": frozenset({"note"}),
        "stories.feedback": frozenset({"note"}),
    },
    Protected.RESEARCH_DATA: {
        "surveys.answer": frozenset({"item", "option"}),
    },
}


def may_read(user: Any, category: Protected) -> bool:
    """Whether ``user`` may read data of ``category`` at all: the one rule the pages, the
    exports, the administration and any API ask (a record may narrow it further)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(role_names(user) & READERS[category])


def may_use_staff_pages(user: Any) -> bool:
    return may_open(user, "staff:queue")


def staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in first (an anonymous visitor is sent to the log-in page), then the matrix entry
    of the URL name this request resolved to (anyone else gets 403)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_open(request.user, request.resolver_match.view_name):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(checked)


def unreadable_fields(user: Any, model_label: str) -> frozenset[str]:
    """The fields of ``model_label`` (``app_label.modelname``) that ``user`` may not read."""
    hidden: frozenset[str] = frozenset()
    for category, models in STORED_IN.items():
        if model_label in models and not may_read(user, category):
            hidden |= models[model_label]
    return hidden


# --- The seekers' pages ---------------------------------------------------------------

STAFF_ROLES = (Role.STAFF_ALLOCATION, Role.ADMIN)


def is_staff_member(user: Any) -> bool:
    """Letting staff or the application manager (a superuser counts as the latter only)."""
    return bool(role_names(user) & {role.value for role in STAFF_ROLES})


def seeker_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in with a registration; without one, to the start of the registration."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seeker = seeker_of(request.user)
        if seeker is None:
            return redirect("portal:register_start")
        request.seeker = seeker  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
