"""``/api/v1/``: each resource read with a key of the scope and a role the pages allow, its
body valid by our own OpenAPI document (list and item), cursor paging, 401 without a key, 403
without the scope or with a role the pages refuse, 400 naming the parameter at fault."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.api.clients import api_client
from tests.api.v1.helpers import ALL_VOORRANG, body_errors, get, let_vacancy
from tests.factories import CommitmentFactory, StaffFactory
from voorrang.allocation.models import Ranking
from voorrang.commitments.models import CommitmentStatus
from voorrang.roles import Role

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def staff():
    return StaffFactory()


@pytest.fixture
def corporation():
    return api_client("erp", *ALL_VOORRANG)[1]


def assert_problem(answer, status: int, field: str | None = None) -> None:
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"] == PROBLEM
    assert answer["API-Version"] == "1.0.0"
    body = answer.json()
    assert body_errors("Problem", body) == []
    assert {"status", "title", "detail"} <= set(body)
    assert body["status"] == status
    if field is not None:
        assert [p["name"] for p in body["invalidParams"]] == [field]
        assert field in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/commitments",
        "/api/v1/rankings",
        "/api/v1/quota-statuses",
        "/api/v1/simulation-runs",
        "/api/v1/published-results",
        "/api/v1/evaluation-indicators",
    ],
)
def test_no_key_is_401_and_a_key_without_the_scope_403(path) -> None:
    assert_problem(get(path), 401)
    _client, vera_only = api_client("vera-only", "WRV.All.Read")
    assert_problem(get(path, vera_only), 403)


def test_the_track_as_the_corporation_sees_it_and_no_welfare_record(corporation) -> None:
    from tests.commitments import factories as track

    org = track.organisation()
    application = track.approved(track.applied(org), track.coordinator(org))
    commitment = application.commitment
    commitment.refresh_from_db()
    seeker = commitment.seeker
    seeker.source_id = "PLATFORM-7"
    seeker.save()
    CommitmentFactory(status="pending", valid_until=None)
    answer = get("/api/v1/commitments", corporation)
    assert answer.status_code == 200
    assert answer["API-Version"] == "1.0.0"
    body = answer.json()
    assert body_errors("PaginatedCommitmentList", body) == []
    approved = [c for c in body["results"] if c["status"] == "approved"]
    with translation.override("nl"):
        label = str(CommitmentStatus.APPROVED.label)
    assert approved == [
        {
            "id": commitment.pk,
            "seeker": seeker.registration_number,
            "seekerSourceId": "PLATFORM-7",
            "building": commitment.building.name,
            "status": "approved",
            "statusLabel": label,
            "validUntil": commitment.valid_until.isoformat(),
            "updatedAt": approved[0]["updatedAt"],
        }
    ]
    # Nothing the welfare organisation keeps: motivation, intake notes, scores, reasons.
    text = answer.content.decode()
    for kept in ("Koffieochtenden", "Gemotiveerd", "Goed onderbouwd", "Past goed", "Koken"):
        assert kept not in text
    item = get(f"/api/v1/commitments/{commitment.pk}", corporation)
    assert body_errors("Commitment", item.json()) == []
    assert item.json()["validUntil"] == commitment.valid_until.isoformat()
    filtered = get("/api/v1/commitments", corporation, status="pending").json()["results"]
    assert [c["status"] for c in filtered] == ["pending"]
    assert_problem(get("/api/v1/commitments", corporation, status="maybe"), 400, "status")
    assert_problem(get("/api/v1/commitments/999999", corporation), 404)


def test_a_role_the_pages_refuse_is_refused_here_too(corporation) -> None:
    _client, researcher = api_client("institute", *ALL_VOORRANG, role=Role.RESEARCHER.value)
    _client, policy = api_client("municipality", *ALL_VOORRANG, role=Role.POLICY.value)
    # The track, the rankings and the quota are the corporation's pages.
    for path in ("/api/v1/commitments", "/api/v1/rankings", "/api/v1/quota-statuses"):
        assert_problem(get(path, researcher), 403)
        assert_problem(get(path, policy), 403)
    # The simulator is the municipality's; the indicators the municipality's and the
    # institute's; the results are public.
    assert_problem(get("/api/v1/simulation-runs", corporation), 403)
    assert get("/api/v1/simulation-runs", policy).status_code == 200
    assert_problem(get("/api/v1/evaluation-indicators", corporation), 403)
    assert get("/api/v1/evaluation-indicators", researcher).status_code == 200
    assert get("/api/v1/published-results", researcher).status_code == 200


def test_a_ranking_with_its_lottery_data_as_the_vacancy_page_shows_it(staff, corporation):
    vacancy = let_vacancy(staff, seekers=3)
    ranking = Ranking.objects.get(vacancy=vacancy)
    listed = get("/api/v1/rankings", corporation, vacancy=vacancy.reference)
    assert listed.status_code == 200
    assert body_errors("PaginatedRankingList", listed.json()) == []
    [summary] = listed.json()["results"]
    assert summary["ranked"] == 3 and summary["excluded"] == 0
    answer = get(f"/api/v1/rankings/{ranking.pk}", corporation)
    body = answer.json()
    assert body_errors("RankingDetail", body) == []
    assert body["seed"] == ranking.seed and len(ranking.seed) > 0
    assert body["seedHash"] == vacancy.seed_hash
    assert body["inputDigest"] == ranking.input_digest
    assert body["policyVersion"] == ranking.policy_id
    assert body["ordering"] == "lottery"
    entries = list(ranking.entries.select_related("seeker").order_by("position"))
    assert [(p["position"], p["seeker"], p["tier"], p["lottery"]) for p in body["positions"]] == [
        (e.position, e.seeker.registration_number, e.tier, e.lottery) for e in entries
    ]
    assert_problem(get("/api/v1/rankings", corporation, current="perhaps"), 400, "current")


def test_exclusions_carry_their_codes_and_words(staff, corporation) -> None:
    from tests.allocation.flow import published, ranked
    from tests.factories import SeekerFactory

    vacancy = published(staff)
    big = SeekerFactory(
        household=[dt.date(1980, 1, 1)] + [dt.date(2010, 1, 1)] * 5
    )  # six people for a home of at most four
    ranked(staff, vacancy, [SeekerFactory(), big])
    ranking = Ranking.objects.get(vacancy=vacancy)
    body = get(f"/api/v1/rankings/{ranking.pk}", corporation).json()
    assert body_errors("RankingDetail", body) == []
    [excluded] = body["exclusions"]
    assert excluded["seeker"] == big.registration_number
    assert [r["code"] for r in excluded["reasons"]] == ["HOUSEHOLD_SIZE"]
    assert excluded["reasons"][0]["description"]


def test_the_quota_of_the_year_as_the_publish_step_decides_it(staff, corporation) -> None:
    year = timezone.localdate().year
    for _ in range(3):
        let_vacancy(staff, seekers=1, ordering="registration")
    answer = get(f"/api/v1/quota-statuses/{year}", corporation)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body_errors("Quota", body) == []
    from voorrang.allocation.selectors import quota_status

    status = quota_status(year)
    assert (body["vacancies"], body["targeted"]) == (status.vacancies, status.targeted)
    assert body["vacancies"] == 3
    assert body["buildings"] == [{"name": "L-flat", "vacancies": 3, "targeted": status.targeted}]
    assert body["next"]["n"] == 4
    listed = get("/api/v1/quota-statuses", corporation).json()
    assert [body_errors("Quota", q) for q in listed] == [[] for _ in listed]
    assert year in [q["year"] for q in listed]
    assert_problem(get("/api/v1/quota-statuses/12", corporation), 400, "year")


def test_published_results_as_the_public_page_shows_them(staff) -> None:
    vacancy = let_vacancy(staff, seekers=2)
    _client, key = api_client("newspaper", "Voorrang.Results.Read", role=Role.RESEARCHER.value)
    listed = get("/api/v1/published-results", key)
    assert listed.status_code == 200
    assert body_errors("PaginatedPublishedResultList", listed.json()) == []
    item = get(f"/api/v1/published-results/{vacancy.reference}", key).json()
    assert body_errors("PublishedResult", item) == []
    result = vacancy.result
    assert (item["seed"], item["seedHash"], item["position"]) == (
        result.seed,
        result.seed_hash,
        result.position,
    )
    assert item["lottery"] == vacancy.letting.offer.entry.lottery
    # Never a name or a registration number.
    text = listed.content.decode()
    assert vacancy.letting.seeker.registration_number not in text
    assert "Testpersoon" not in text


def test_cursor_paging_and_a_bad_cursor_or_page_size_is_400(staff, corporation) -> None:
    for _ in range(3):
        CommitmentFactory(building__name="L-flat")
    first = get("/api/v1/commitments", corporation, pageSize=2).json()
    assert len(first["results"]) == 2 and first["next"]
    second = get(first["next"], corporation).json()
    assert len(second["results"]) == 1 and second["next"] is None
    ids = [c["id"] for c in first["results"] + second["results"]]
    assert len(set(ids)) == 3
    assert_problem(get("/api/v1/commitments", corporation, cursor="nonsense"), 400, "cursor")
    assert_problem(get("/api/v1/commitments", corporation, pageSize="0"), 400, "pageSize")
    assert_problem(get("/api/v1/commitments", corporation, pageSize="x"), 400, "pageSize")
    # A NUL, which PostgreSQL refuses in a query: a 400 naming the parameter, never a 500.
    assert_problem(get("/api/v1/commitments", corporation, building="L\x00flat"), 400, "building")


def test_a_list_of_25_takes_a_bounded_number_of_queries(
    staff, corporation, django_assert_max_num_queries
) -> None:
    for _ in range(25):
        CommitmentFactory()
    with django_assert_max_num_queries(8):
        answer = get("/api/v1/commitments", corporation, pageSize=25)
    assert len(answer.json()["results"]) == 25


def test_every_answer_carries_the_version_even_a_path_that_is_not_there(corporation) -> None:
    answer = get("/api/v1/no-such-thing/at/all")
    assert_problem(answer, 404)
    assert_problem(get("/api/v1/commitments/"), 404)  # no trailing slash (NL API rules)
    from rest_framework.test import APIClient

    # Writing needs ReadWrite first; with it, a method the resource lacks is a 405.
    assert_problem(APIClient().delete("/api/v1/commitments", HTTP_X_API_KEY=corporation), 403)
    _client, writer = api_client("planner", *ALL_VOORRANG, role=Role.POLICY.value)
    assert_problem(APIClient().delete("/api/v1/simulation-runs", HTTP_X_API_KEY=writer), 405)
    document = get("/api/v1/openapi.json")
    assert document.status_code == 200
    assert document["API-Version"] == "1.0.0"
    spec = document.json()
    assert spec["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-KEY",
    }
    assert spec["servers"] == [{"url": "/api/v1", "description": "This installation"}]
