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

        # A letting starts the follow-up, or applies the policy for a holder housed by
        # another route (voorrang.allocation.letting_hooks); its email waits in the queue.
        from voorrang.allocation import letting_hooks
        from voorrang.commitments.batch_emails import BUILDERS
        from voorrang.commitments.services.letting import contract_signed
        from voorrang.notifications.emails import register_batch

        letting_hooks.register(contract_signed)
        for event, builder in BUILDERS.items():
            register_batch(event, builder)
