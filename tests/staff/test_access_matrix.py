"""Every staff page, for every role: allowed or denied as the declared matrix says.

An anonymous visitor is sent to the log-in page; a logged-in user without the role gets 403;
for GET and for POST alike. The matrix is the one the views enforce (voorrang.web.access)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver

from tests.commitments.welfare_urls import WELFARE_PAGES
from tests.staff.accounts import account, log_in
from tests.staff.matrix_urls import ACCOUNTS, matrix_urls, roles_of
from tests.stories.matrix import story_state
from voorrang.allocation.models import Offer, Vacancy
from voorrang.commitments.models import (
    Application,
    BuildingNeed,
    CoordinatorMembership,
    RubricCriterion,
)
from voorrang.jobs.models import Job
from voorrang.portal.models import AccountEndRequest
from voorrang.seekers.models import DuplicateFlag, RegistrationDateChange
from voorrang.web.access import (
    ACCESS,
    APPLICATION_MANAGER,
    EVALUATION_EDITORS,
    EVALUATION_READERS,
    LETTING_STAFF,
    POLICY_STAFF,
    RESEARCHERS,
    STORY_MANAGERS,
    STORY_PANEL,
    SURVEY_ENTRY,
    SURVEY_RESULTS,
    SURVEY_STAFF,
    WELFARE_STAFF,
)

pytestmark = pytest.mark.django_db

# The URL namespaces of pages behind the matrix.
STAFF_NAMESPACES = ("staff", "welfare", "stories", "simulations", "jobs")


def staff_url_names() -> set[str]:
    """The staff pages: the corporation's (staff:) and the welfare organisation's (welfare:)."""
    resolver = get_resolver()
    names = set()
    for namespace in STAFF_NAMESPACES:
        patterns = resolver.namespace_dict[namespace][1].url_patterns
        names |= {f"{namespace}:{p.name}" for p in patterns if isinstance(p, URLPattern)}
    return names


def namespace_url_names(namespace: str) -> set[str]:
    resolver = get_resolver()
    patterns = resolver.namespace_dict[namespace][1]
    return {
        f"{namespace}:{pattern.name}"
        for pattern in patterns.url_patterns
        if isinstance(pattern, URLPattern)
    }


def test_every_staff_url_is_declared_in_the_matrix() -> None:
    assert staff_url_names() | namespace_url_names("evaluation") == set(ACCESS)


def test_only_the_letting_staff_and_the_application_manager_are_in_the_matrix() -> None:
    staff = {
        n: roles
        for n, roles in ACCESS.items()
        if n.startswith(("staff:", "welfare:")) and "survey" not in n
    }
    assert set(staff.values()) == {LETTING_STAFF, WELFARE_STAFF}
    assert {"staff-allocation", "admin"} == LETTING_STAFF
    # The welfare pages are the coordinators' alone: not the corporation's, not the admin's.
    assert {"staff-welfare"} == WELFARE_STAFF
    assert all(n.startswith("welfare:") for n, roles in ACCESS.items() if roles == WELFARE_STAFF)


def test_the_evaluation_pages_go_to_policy_researchers_and_the_application_manager() -> None:
    """The municipality (policy) sees aggregates only: the theory of change, the indicators
    and the report; the evaluation institute (researcher) also imports and takes the
    pseudonymised research data, which nobody else gets."""
    evaluation = {name: roles for name, roles in ACCESS.items() if name.startswith("evaluation:")}
    assert {"policy", "researcher", "admin"} == EVALUATION_READERS
    assert {"researcher", "admin"} == EVALUATION_EDITORS
    assert {"researcher"} == RESEARCHERS
    assert {n for n, r in evaluation.items() if "policy" in r} == {
        "evaluation:theory",
        "evaluation:theory_json",
        "evaluation:theory_csv",
        "evaluation:indicators",
        "evaluation:report",
        "evaluation:report_download",
        "evaluation:report_job",
    }
    assert {n for n, r in evaluation.items() if r == RESEARCHERS} == {
        "evaluation:research",
        "evaluation:research_download",
    }
    for roles in evaluation.values():
        assert not roles & {"seeker", "staff-allocation", "staff-welfare"}


def test_the_survey_pages_go_to_their_roles() -> None:
    assert {"researcher", "admin"} == SURVEY_STAFF
    assert {"researcher", "staff-welfare", "admin"} == SURVEY_ENTRY
    assert {"researcher", "policy", "admin"} == SURVEY_RESULTS
    surveys = {roles for name, roles in ACCESS.items() if "survey" in name}
    assert surveys == {SURVEY_STAFF, SURVEY_ENTRY, SURVEY_RESULTS}


def test_stories_are_managed_by_welfare_and_researchers_and_read_by_panels() -> None:
    stories = {name: access for name, access in ACCESS.items() if name.startswith("stories:")}
    panel = {"stories:panel_rounds", "stories:panel"}
    assert {access for name, access in stories.items() if name not in panel} == {STORY_MANAGERS}
    assert {"staff-welfare", "researcher"} == STORY_MANAGERS
    assert {stories[name] for name in panel} == {STORY_PANEL}
    assert {"staff-welfare", "researcher", "policy", "staff-allocation"} == STORY_PANEL


def test_the_status_of_the_background_work_goes_to_the_application_manager_alone() -> None:
    assert {n: r for n, r in ACCESS.items() if n.startswith("jobs:")} == {
        "jobs:status": APPLICATION_MANAGER
    }
    assert {"admin"} == APPLICATION_MANAGER


def test_the_simulations_go_to_policy_officers_and_the_application_manager() -> None:
    assert {"policy", "admin"} == POLICY_STAFF
    assert {r for n, r in ACCESS.items() if n.startswith("simulations:")} == {POLICY_STAFF}


@pytest.fixture
def urls(ranked_vacancy, staff, second_staff, settings, tmp_path) -> dict[str, str]:
    """A real address for every staff URL name."""
    return matrix_urls(
        ranked_vacancy=ranked_vacancy,
        staff=staff,
        second_staff=second_staff,
        settings=settings,
        tmp_path=tmp_path,
    )


def _state() -> tuple:
    """What a refused request must leave unchanged."""
    return (
        list(Application.objects.values_list("status", flat=True)),
        list(RubricCriterion.objects.values_list("active", flat=True)),
        list(BuildingNeed.objects.values_list("active", flat=True)),
        sorted(CoordinatorMembership.objects.values_list("organisation", "user")),
        list(Vacancy.objects.values_list("state", flat=True)),
        list(Offer.objects.values_list("state", flat=True)),
        list(RegistrationDateChange.objects.values_list("status", flat=True)),
        list(DuplicateFlag.objects.values_list("resolved", flat=True)),
        story_state(),
        list(Job.objects.values_list("status", flat=True)),
        list(AccountEndRequest.objects.values_list("status", flat=True)),
    )


def test_an_anonymous_visitor_is_sent_to_log_in_on_every_staff_page(urls) -> None:
    client = Client()
    before = _state()
    for name, url in urls.items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(f"/accounts/login/?next={url}"), name
    assert _state() == before


@pytest.mark.parametrize("who", [who for who in ACCOUNTS if who != "seeker"])
def test_staff_without_the_second_factor_are_sent_to_the_code_step_on_every_staff_page(
    who: str, urls
) -> None:
    """Logged in (with a password, or any other way that ends in Django's login()) but not
    verified: every staff page and the administration send them to the code step, for GET
    and POST alike, and nothing changes."""
    groups, superuser = ACCOUNTS[who]
    client = Client()
    client.force_login(account(f"user-{who}", *groups, superuser=superuser))
    before = _state()
    for name, url in [*urls.items(), ("admin:index", "/admin/")]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (who, name, method)
            assert response["Location"].startswith("/accounts/second-factor/?next="), name
    assert _state() == before


@pytest.mark.parametrize("who", ACCOUNTS)
def test_each_role_is_allowed_or_denied_as_the_matrix_says(who: str, urls) -> None:
    groups, superuser = ACCOUNTS[who]
    client = Client()
    log_in(client, account(f"user-{who}", *groups, superuser=superuser))
    before = _state()
    for name, url in urls.items():
        allowed = bool(roles_of(who) & ACCESS[name])
        get = client.get(url)
        if allowed:
            # A step is a POST form: its address answers GET with 405, a page with 200.
            assert get.status_code in (200, 405), (who, name, get.status_code)
            # An empty POST reaches the view: a page answers 405, a step takes it or shows
            # what is missing or not possible now (an acceptance goes through: the empty
            # form is all it needs).
            post = client.post(url)
            assert post.status_code in (302, 400, 405, 409), (who, name, post.status_code)
            if post.status_code == 302:
                assert not post["Location"].startswith("/accounts/login/"), (who, name)
        else:
            assert get.status_code == 403, (who, name, get.status_code)
            # An empty POST: only the refusal is tested here, no step is taken.
            assert client.post(url).status_code == 403, (who, name)
    if not any(roles_of(who) & allowed for allowed in ACCESS.values()):
        assert _state() == before


@pytest.mark.parametrize("who", ACCOUNTS)
def test_allowed_accounts_reach_the_pages_with_get(who: str, urls) -> None:
    groups, superuser = ACCOUNTS[who]
    client = Client()
    log_in(client, account(f"user-{who}", *groups, superuser=superuser))
    pages = {name for name in urls if client.get(urls[name]).status_code == 200}
    letting = {
        "staff:queue",
        "staff:vacancies",
        "staff:vacancy_create",
        "staff:vacancy_create_for_unit",
        "staff:vacancy",
        "staff:seekers",
        "staff:seeker",
        "staff:seeker_evidence",
        "staff:buildings",
        "staff:building",
        "staff:end_requests",
        "staff:imports",
        "staff:import_preview",
        "staff:seeker_urgency_document",
        "staff:vacancy_photo",
        "staff:objections",
        "staff:objection_document",
        "staff:allocations_vera",
        "staff:vacancy_vera_kandidaten",
    }
    surveys = {
        "staff:surveys",
        "staff:survey_wave_create",
        "staff:survey_wave",
        "staff:survey_paper",
        "staff:survey_results",
    }
    evaluation = {name for name in ACCESS if name.startswith("evaluation:")}
    stories = {
        f"stories:{name}"
        for name in (
            "stories",
            "story_create",
            "export",
            "setup",
            "story",
            "story_redact",
            "rounds",
            "round",
            "panel_rounds",
            "panel",
        )
    }
    # Every page that answers GET (the others are POST-only steps).
    simulations = {f"simulations:{name}" for name in ("list", "new", "run", "progress", "file")}
    background = {"jobs:status"}
    get_pages = letting | WELFARE_PAGES | surveys | evaluation | stories | simulations | background
    expected = {name for name in get_pages if roles_of(who) & ACCESS[name]}
    assert pages == expected
    if expected & evaluation:
        assert 'href="/evaluation/"' in client.get("/").content.decode()


def test_the_staff_navigation_is_shown_only_to_letting_staff(urls) -> None:
    for who, (groups, superuser) in ACCOUNTS.items():
        client = Client()
        log_in(client, account(f"nav-{who}", *groups, superuser=superuser))
        html = client.get("/").content.decode()
        shown = 'href="/staff/"' in html
        assert shown == (who in ("staff-allocation", "admin", "superuser", "superuser-admin")), who
    assert 'href="/staff/"' not in Client().get("/").content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff-welfare", "manager"),
        ("researcher", "manager"),
        ("superuser", "none"),
        ("superuser-admin", "none"),
        ("policy", "panel"),
        ("staff-allocation", "panel"),
        ("admin", "none"),
        ("seeker", "none"),
    ],
)
def test_the_stories_pages_each_role_reaches_with_get(who: str, expected: str, urls) -> None:
    groups, superuser = ACCOUNTS[who]
    client = Client()
    log_in(client, account(f"user-{who}", *groups, superuser=superuser))
    pages = {
        name
        for name in urls
        if name.startswith("stories:") and client.get(urls[name]).status_code == 200
    }
    panel = {"stories:panel_rounds", "stories:panel"}
    pages_of_managers = {
        "stories:stories",
        "stories:story_create",
        "stories:export",
        "stories:setup",
        "stories:story",
        "stories:story_redact",
        "stories:rounds",
        "stories:round",
        *panel,
    }
    assert pages == {"manager": pages_of_managers, "panel": panel, "none": set()}[expected]
