from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "voorrang.commitments"
    verbose_name = _("Targeted track")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Allocation reads the commitments' status and end date through this door
        # (voorrang.allocation.commitment_terms), never the rest of the track.
        from voorrang.allocation.commitment_terms import CommitmentTerms, supply
        from voorrang.commitments.selectors import commitment_terms_in_building, commitments_of

        supply(CommitmentTerms(for_building=commitment_terms_in_building, of_seeker=commitments_of))
