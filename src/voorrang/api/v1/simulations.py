"""``/api/v1/simulation-runs``: the policy simulator's runs. POST queues one through the same
service as the simulation page (``start_run``: a job, audited under the client's account);
GET reads its state, its parameters and, once done, its figures (the tables the run page
shows, and the names of its files)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from voorrang.api.v1.rankings import TIER_CHOICES
from voorrang.api.v1.resources import ResourceViewSet
from voorrang.errors import DomainError
from voorrang.jobs.models import Job
from voorrang.jobs.states import JobStatus
from voorrang.rules import InvalidInput, RulesError
from voorrang.simulation_runs import selectors, services
from voorrang.simulation_runs.labels import scenario_title
from voorrang.simulation_runs.parameters import (
    ENGINES,
    MAX_MONTHS,
    MAX_REPLICATIONS,
    RunParameters,
    shipped_scenarios,
)

# The engine's key paths, as the body of this interface names them.
FIELDS = {
    "scenario": "scenario",
    "policy.share": "share",
    "policy.cap": "cap",
    "policy.lottery_share": "lotteryShare",
    "policy.tier_order": "tierOrder",
    "policy.designated": "designated",
    "seekers.max_open_responses": "responseLimit",
    "months": "months",
    "replications": "replications",
    "engine": "engine",
    "parameters": "nonFieldErrors",
}


def body_field(path: str) -> str:
    """The engine's key path (``policy.tier_order[1]``) as this interface's body names it
    (``tierOrder[1]``)."""
    for engine, body in sorted(FIELDS.items(), key=lambda item: -len(item[0])):
        if path == engine or path.startswith((f"{engine}[", f"{engine}.")):
            return body + path[len(engine) :]
    return path or "nonFieldErrors"


class ParametersSerializer(serializers.Serializer):
    scenario = serializers.CharField()
    share = serializers.CharField(help_text='The targeted share of the quota, e.g. "1/4".')
    cap = serializers.IntegerField(allow_null=True)
    lotteryShare = serializers.FloatField()
    tierOrder = serializers.ListField(child=serializers.CharField())
    designated = serializers.ListField(child=serializers.CharField())
    responseLimit = serializers.IntegerField()
    months = serializers.IntegerField()
    replications = serializers.IntegerField()
    engine = serializers.CharField()
    seed = serializers.IntegerField()
    compare = serializers.BooleanField()


def parameters_body(job: Job) -> dict[str, Any] | None:
    try:
        run = RunParameters.from_job(job.parameters if isinstance(job.parameters, dict) else {})
    except RulesError:
        return None
    return {
        "scenario": run.scenario,
        "share": run.share,
        "cap": run.cap,
        "lotteryShare": run.lottery_share,
        "tierOrder": list(run.tier_order),
        "designated": list(run.designated),
        "responseLimit": run.response_limit,
        "months": run.months,
        "replications": run.replications,
        "engine": run.engine,
        "seed": run.seed,
        "compare": run.compare,
    }


class RunParametersSerializer(ParametersSerializer):
    """The job's stored parameters in the body's names; null when they cannot be read."""

    def to_representation(self, instance: Any) -> dict[str, Any] | None:
        return parameters_body(instance) if isinstance(instance, Job) else instance


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(source="progress_done")
    total = serializers.IntegerField(source="progress_total")
    percent = serializers.IntegerField()


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    statusLabel = serializers.SerializerMethodField()
    finished = serializers.BooleanField()
    progress = ProgressSerializer(source="*")
    createdAt = serializers.DateTimeField(source="created_at")
    startedAt = serializers.DateTimeField(source="started_at", allow_null=True)
    finishedAt = serializers.DateTimeField(source="finished_at", allow_null=True)
    parameters = RunParametersSerializer(source="*", allow_null=True)

    @extend_schema_field(serializers.CharField())
    def get_statusLabel(self, job: Job) -> str:
        return str(JobStatus(job.status).label)


class TableSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField())
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    totalRows = serializers.IntegerField(source="total_rows")
    file = serializers.CharField()


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    table = TableSerializer(allow_null=True)


class FileSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    figures = FigureSerializer(many=True, source="charts")
    files = FileSerializer(many=True)


class RunResultsSerializer(FiguresSerializer):
    """The figures and files of a finished run; null before."""

    def to_representation(self, instance: Any) -> dict[str, Any] | None:
        if not isinstance(instance, Job):
            return super().to_representation(instance)
        if instance.status != JobStatus.DONE:
            return None
        found = selectors.results(instance)
        return None if found is None else super().to_representation(found)


class RunDetailSerializer(RunSerializer):
    results = RunResultsSerializer(source="*", allow_null=True)


class NewRunSerializer(serializers.Serializer):
    """A run: a shipped scenario, and what to change of its policy (else as shipped)."""

    scenario = serializers.ChoiceField(choices=shipped_scenarios())
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    share = serializers.RegexField(
        r"^[0-9]{1,4}/[0-9]{1,4}$",
        required=False,
        help_text='A fraction from 0 to 1, e.g. "1/4".',
    )
    cap = serializers.IntegerField(min_value=0, max_value=100_000, required=False, allow_null=True)
    lotteryShare = serializers.FloatField(min_value=0, max_value=1, required=False)
    tierOrder = serializers.ListField(
        child=serializers.ChoiceField(choices=TIER_CHOICES),
        required=False,
        min_length=1,
        max_length=4,
    )
    designated = serializers.ListField(
        child=serializers.CharField(max_length=120), required=False, max_length=100
    )
    responseLimit = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    months = serializers.IntegerField(min_value=1, max_value=MAX_MONTHS, required=False)
    replications = serializers.IntegerField(min_value=1, max_value=MAX_REPLICATIONS, required=False)
    engine = serializers.ChoiceField(choices=ENGINES, required=False)
    seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    compare = serializers.BooleanField(required=False)

    def validate_share(self, value: str) -> str:
        numerator, denominator = (int(part) for part in value.split("/"))
        if denominator == 0 or not 0 <= Fraction(numerator, denominator) <= 1:
            raise serializers.ValidationError(_("Give a fraction from 0 to 1, such as 1/4."))
        return value

    def run(self) -> RunParameters:
        data = self.validated_data
        shipped = RunParameters.of_scenario(data["scenario"])
        cap = data.get("cap", shipped.cap)
        return RunParameters(
            scenario=shipped.scenario,
            share=data.get("share", shipped.share),
            cap=cap,
            lottery_share=data.get("lotteryShare", shipped.lottery_share),
            tier_order=tuple(data.get("tierOrder", shipped.tier_order)),
            designated=tuple(data.get("designated", shipped.designated)),
            response_limit=data.get("responseLimit", shipped.response_limit),
            months=data.get("months", shipped.months),
            replications=data.get("replications", shipped.replications),
            engine=data.get("engine", shipped.engine),
            seed=data.get("seed", shipped.seed),
            compare=data.get("compare", shipped.compare),
        )


def default_title(run: RunParameters) -> str:
    """The title the simulation page gives a run that was not given one."""
    share = run.share_fraction * 100
    values = {
        "scenario": scenario_title(run.scenario),
        "share": f"{float(share):g}",
        "cap": run.cap,
    }
    if run.cap is None:
        return _("%(scenario)s, %(share)s%% targeted, no cap") % values
    return _("%(scenario)s, %(share)s%% targeted, at most %(cap)s a year") % values


@extend_schema_view(
    list=extend_schema(summary="The simulation runs, newest first"),
    retrieve=extend_schema(
        summary="One run: its state, parameters and figures", responses=RunDetailSerializer
    ),
    create=extend_schema(
        summary="Queue a run of a shipped scenario with a changed policy",
        request=NewRunSerializer,
        responses={201: RunDetailSerializer},
    ),
)
class SimulationRunViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ResourceViewSet
):
    scope_resource = "Simulations"
    page = "simulations:run"
    write_page = "simulations:new"
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        if self.action == "create":
            return NewRunSerializer
        return RunDetailSerializer if self.action == "retrieve" else RunSerializer

    def get_queryset(self):
        return selectors.runs()

    def create(self, request):
        given = NewRunSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        run = given.run()
        title = given.validated_data.get("title") or default_title(run)
        try:
            job = services.start_run(actor=request.user, run=run, title=title)
        except InvalidInput as exc:
            raise serializers.ValidationError({body_field(exc.field): [exc.problem]}) from None
        except RulesError as exc:
            raise serializers.ValidationError({"nonFieldErrors": [str(exc)]}) from None
        except DomainError as exc:
            raise serializers.ValidationError(
                {body_field(exc.field or ""): [str(exc.message)]}
            ) from None
        job.refresh_from_db()
        return Response(
            RunDetailSerializer(job).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(f"{request.path}/{job.pk}")},
        )
