"""The summary that opens the evaluation report: what changed, how sure we are, and what
cannot be said and why; for a policy officer who has two minutes.

Written from the very values the rest of the report shows (the indicators' figures and the
survey section's context, passed in after they were computed for the report), formatted the
same way, so the summary never has a number of its own. What is not there is said to be not
there: a hidden cell stays hidden, an effect that could not be estimated says why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from voorrang.evaluation.figures import SMALL, Figure, period_in_words
from voorrang.evaluation.models import SourceKind
from voorrang.evaluation.templatetags.evaluation_pages import number

SIGNIFICANCE = 0.05

# The reasons of surveys.analysis.difference_in_differences, in words; a reason not listed
# here is shown as the analysis gives it.
DID_REASONS: dict[str, Any] = {
    "needs treated and comparison buildings": gettext_lazy(
        "it needs both targeted buildings and comparison buildings with enough answers"
    ),
    "needs a baseline wave and a later wave": gettext_lazy(
        "it needs a baseline wave and a later wave with enough answers"
    ),
    "needs a later wave in a treated building": gettext_lazy(
        "no targeted building has enough answers in a wave after the baseline yet"
    ),
}


@dataclass
class Summary:
    changes: list[str] = field(default_factory=list)  # what changed
    certainty: list[str] = field(default_factory=list)  # how sure we are
    limits: list[str] = field(default_factory=list)  # what cannot be said, and why

    def as_dict(self) -> dict[str, list[str]]:
        return {"changes": self.changes, "certainty": self.certainty, "limits": self.limits}


def _cell(value: float | None, hidden: bool, *, none_is_hidden: bool = False) -> str:
    if hidden or (value is None and none_is_hidden):
        return _("not shown (fewer than %(small)s)") % {"small": SMALL}
    return number(value)


def _indicator_change(figure: Figure, *, none_is_hidden: bool = False) -> str:
    """The indicator's first and latest period, group by group, as its table shows them. A
    survey's series has no value only where it suppressed the cell (``none_is_hidden``)."""
    rows = figure.rows()
    first_period, first = rows[0]
    last_period, last = rows[-1]
    parts = []
    for group, (a, _n, a_hidden), (b, _m, b_hidden) in zip(figure.groups, first, last, strict=True):
        if len(rows) == 1:
            parts.append(_("%(group)s %(value)s") % {"group": group, "value": _cell(b, b_hidden)})
        else:
            parts.append(
                _("%(group)s from %(first)s to %(last)s")
                % {
                    "group": group,
                    "first": _cell(a, a_hidden, none_is_hidden=none_is_hidden),
                    "last": _cell(b, b_hidden, none_is_hidden=none_is_hidden),
                }
            )
    if len(rows) == 1:
        when = _("only %(period)s so far") % {"period": period_in_words(last_period)}
    else:
        when = _("%(first)s to %(last)s") % {
            "first": period_in_words(first_period),
            "last": period_in_words(last_period),
        }
    return _("%(indicator)s (%(unit)s), %(when)s: %(parts)s.") % {
        "indicator": figure.title,
        "unit": figure.unit,
        "when": when,
        "parts": "; ".join(parts),
    }


def _hidden_cells(figure: Figure) -> int:
    return sum(1 for _period, cells in figure.rows() for _v, _n, hidden in cells if hidden)


def _did_sentences(part: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(how sure, what cannot be said) of one survey scale's difference-in-differences."""
    did = part["did"]
    name = part["name"]
    if did.get("estimate") is None:
        reason = did.get("reason") or ""
        return [], [
            _("%(scale)s: the effect cannot be estimated: %(reason)s.")
            % {"scale": name, "reason": DID_REASONS.get(reason, reason)}
        ]
    # As the section shows it (two decimals): a difference that shows as 0.00 is none.
    estimate = round(float(did["estimate"]), 2)
    values = {
        "scale": name,
        "value": floatformat(abs(estimate), 2),
        "n": did.get("n"),
        "buildings": did.get("buildings"),
        "treated": did.get("treated_buildings"),
    }
    if estimate > 0:
        effect = _(
            "%(scale)s: %(value)s points higher in the targeted buildings after the baseline "
            "than the comparison buildings lead one to expect (difference-in-differences; "
            "%(n)s answers in %(buildings)s buildings, %(treated)s of them targeted)."
        )
    elif estimate < 0:
        effect = _(
            "%(scale)s: %(value)s points lower in the targeted buildings after the baseline "
            "than the comparison buildings lead one to expect (difference-in-differences; "
            "%(n)s answers in %(buildings)s buildings, %(treated)s of them targeted)."
        )
    else:
        effect = _(
            "%(scale)s: no difference between the targeted and the comparison buildings "
            "after the baseline (difference-in-differences; %(n)s answers in %(buildings)s "
            "buildings, %(treated)s of them targeted)."
        )
    p, smallest = did.get("p_value"), did.get("smallest_p")
    shown = {"p": floatformat(p, 3), "smallest": floatformat(smallest, 3)}
    if smallest is not None and smallest > SIGNIFICANCE:
        how_sure = _(
            "With so few buildings no p-value can be below %(smallest)s (this one: p = %(p)s): "
            "the data cannot tell this difference from chance, however large it is."
        )
    elif p is not None and p <= SIGNIFICANCE:
        how_sure = _(
            "p = %(p)s by randomisation inference: a difference this large seldom arises by "
            "chance alone."
        )
    elif p is not None:
        how_sure = _("p = %(p)s by randomisation inference: this difference may well be chance.")
    else:
        how_sure = ""
    sentence = f"{effect % values} {how_sure % shown}".strip() if how_sure else effect % values
    # The interval of the randomisation test beside it: the conventional standard error is too
    # small when the same residents answer again (docs/surveys.md).
    low, high = did.get("ri_low"), did.get("ri_high")
    if did.get("ri_bounded") and low is not None and high is not None:
        sentence += " " + _(
            "The effects the data do not rule out run from %(low)s to %(high)s points "
            "(95%% randomisation-inference interval)."
        ) % {"low": floatformat(low, 2), "high": floatformat(high, 2)}
    elif "ri_bounded" in did:
        sentence += " " + _(
            "With so few buildings the randomisation-inference interval has no bound: the data "
            "rule out no effect, however large."
        )
    return [sentence], []


def summarise_report(
    *, indicator_views: Iterable[Any], survey: Mapping[str, Any] | None
) -> Summary:
    """The summary of a report from its indicators' views (``pages.indicator_views``) and its
    survey section's context (``surveys.report.section``; None without the surveys app)."""
    summary = Summary()
    no_numbers = []
    hidden = 0
    for view in indicator_views:
        figure = view.figure
        if figure is None or figure.empty:
            no_numbers.append(view.indicator.name)
            continue
        summary.changes.append(
            _indicator_change(
                figure, none_is_hidden=view.indicator.source_kind == SourceKind.SURVEY
            )
        )
        hidden += _hidden_cells(figure)
    if survey is not None:
        if not survey.get("submissions"):
            summary.limits.append(
                _(
                    "There are no survey answers up to this date: the report cannot say how "
                    "residents see social cohesion or loneliness."
                )
            )
        for part in survey.get("scales", []):
            certainty, limits = _did_sentences(part)
            summary.certainty += certainty
            summary.limits += limits
        summary.limits += [str(warning) for warning in survey.get("warnings", [])]
    if hidden:
        summary.limits.append(
            ngettext(
                "%(count)s number of the indicators is not shown: it rests on fewer than "
                "%(small)s people or records.",
                "%(count)s numbers of the indicators are not shown: they rest on fewer than "
                "%(small)s people or records.",
                hidden,
            )
            % {"count": hidden, "small": SMALL}
        )
    if no_numbers:
        summary.limits.append(
            _("No numbers up to this date for: %(indicators)s.")
            % {"indicators": "; ".join(no_numbers)}
        )
    if not summary.certainty:
        summary.certainty.append(
            _("No effect could be estimated yet: see below what cannot be said, and why.")
        )
    summary.limits.append(
        _(
            "A change over time in an indicator does not show that the targeted allocation "
            "caused it: only the difference-in-differences of the surveys compares the targeted "
            "buildings with buildings without it."
        )
    )
    return summary
