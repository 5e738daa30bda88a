"""The consent statements a seeker accepts when applying, in plain language. Their keys are
stored with the application, with the moment they were accepted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CONSENT_STATEMENTS: dict[str, object] = {
    "share_with_welfare": _(
        "The welfare organisation may read my application and invite me for an intake."
    ),
    "intake_notes": _(
        "The coordinator writes down what we discuss in the intake. The housing corporation "
        "never sees these notes; it only sees whether I am approved, for which building and "
        "until when."
    ),
    "follow_up": _(
        "After I move in, the coordinator may ask me how it is going (after 3, 6, 12 and 24 "
        "months) and I keep a log of my activities."
    ),
    "no_consequence": _(
        "I understand that my tenancy does not depend on my activities: if I stop, I keep my home."
    ),
    "retention": _(
        "My notes and answers are erased some time after my commitment ends. What remains is "
        "used for the evaluation of the scheme without my name."
    ),
}
