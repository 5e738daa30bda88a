"""The default descriptions of the scores 1 to 5 of the default rubric: what each score means
on each criterion, so that two coordinators give the same score for the same answer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCORES = (1, 2, 3, 4, 5)
DEFAULT_PASS_MARK = 3

DEFAULT_ANCHORS = {
    "motivation": (
        _("No reason given for wanting to contribute."),
        _("A general wish to help, without a link to this building."),
        _("A clear wish to contribute, with one concrete idea."),
        _("Well motivated, with concrete ideas for the residents."),
        _("Strongly motivated, with concrete ideas and their own reasons for this building."),
    ),
    "realism": (
        _("The offer does not fit their time or circumstances."),
        _("The offer is much larger than seems possible beside work or care."),
        _("The offer is possible, with some doubts about the hours."),
        _("The offer fits their time and circumstances."),
        _("The offer is realistic and they have thought about busy periods."),
    ),
    "fit": (
        _("None of the building's needs."),
        _("Touches a need of the building only loosely."),
        _("Fits one need of the building."),
        _("Fits a need the building has now, with relevant skills."),
        _("Fits a pressing need of the building, with proven skills."),
    ),
    "continuity": (
        _("Likely to stop within months."),
        _("Plans that make stopping within a year likely."),
        _("Can probably keep it up for the agreed period."),
        _("Expects to keep it up for the agreed period and longer."),
        _("Has shown to keep up voluntary work for years."),
    ),
}

# For a criterion an organisation adds itself, until it writes its own descriptions.
GENERIC_ANCHORS = (
    _("Not shown at all."),
    _("Weak: hardly shown."),
    _("Sufficient: shown, with some doubts."),
    _("Good: clearly shown, with examples."),
    _("Strong: convincingly shown, with proven examples."),
)


def default_anchors(key: str) -> list[str]:
    """The default descriptions for a criterion's key, as text in the active language."""
    return [str(text) for text in DEFAULT_ANCHORS.get(key, GENERIC_ANCHORS)]
