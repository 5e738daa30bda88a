"""Everything Voorrang holds about one account, as one JSON document (GDPR article 15/20)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from voorrang.allocation.models import RankingEntry, RankingExclusion
from voorrang.audit import history
from voorrang.audit.models import AuditEvent
from voorrang.commitments.selectors import personal_data as track_personal_data
from voorrang.portal.models import AccountEndRequest
from voorrang.seekers.models import Seeker


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def personal_data(user: Any) -> dict[str, Any]:
    seeker = (
        Seeker.objects.filter(user=user)
        .prefetch_related("members", "urgencies", "commitments__building", "evidence_files")
        .first()
    )
    document: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "end_requests": [
            {"requested_at": _iso(r.requested_at), "status": r.status, "reason": r.reason}
            for r in AccountEndRequest.objects.filter(user=user)
        ],
        "registration": None,
    }
    objects = Q(object_type=user._meta.label_lower, object_id=str(user.pk))
    if seeker is not None:
        objects |= Q(object_type=seeker._meta.label_lower, object_id=str(seeker.pk))
        document["registration"] = {
            "registration_number": seeker.registration_number,
            "registered_on": _iso(seeker.registered_on),
            "status": seeker.status,
            "ended_on": _iso(seeker.ended_on),
            "registration_time_kept": seeker.registration_time_kept,
            "email": seeker.email,
            "phone": seeker.phone,
            "address": {
                "street": seeker.street,
                "number": seeker.number,
                "postcode": seeker.postcode,
                "town": seeker.town,
            },
            "income": str(seeker.income),
            "income_evidence_kind": seeker.income_evidence_kind,
            "income_evidence_date": _iso(seeker.income_evidence_date),
            "local_tie": seeker.local_tie,
            "income_check": {
                "status": seeker.income_check,
                "checked_at": _iso(seeker.income_checked_at),
                "rejection_reason": seeker.income_rejection_reason,
            },
            "household_check": {
                "status": seeker.household_check,
                "checked_at": _iso(seeker.household_checked_at),
                "rejection_reason": seeker.household_rejection_reason,
            },
            "language_of_emails": seeker.language,
            "household": [
                {
                    "first_name": m.first_name,
                    "last_name": m.last_name,
                    "birth_date": _iso(m.birth_date),
                    "main_applicant": m.is_main_applicant,
                }
                for m in seeker.members.all()
            ],
            "urgency_declarations": [
                {
                    "kind": u.kind,
                    "valid_from": _iso(u.valid_from),
                    "valid_until": _iso(u.valid_until),
                    "issued_by": u.issued_by,
                    "status": u.status,
                    "ended_on": _iso(u.ended_on),
                }
                for u in seeker.urgencies.all()
            ],
            "commitments": [
                {
                    "building": c.building.name,
                    "status": c.status,
                    "valid_until": _iso(c.valid_until),
                }
                for c in seeker.commitments.all()
            ],
            "evidence_files": [
                {
                    "file_name": e.original_name,
                    "type": e.content_type,
                    "size": e.size,
                    "sha256": e.sha256,
                    "uploaded_at": _iso(e.uploaded_at),
                }
                for e in seeker.evidence_files.all()
            ],
        }
        document["objections"] = [
            {
                "vacancy": o.vacancy.reference,
                "ground": o.ground,
                "lodged_at": _iso(o.lodged_at),
                "reasons": o.reasons,
                "document": bool(o.document),
                "state": o.state,
                "decided_at": _iso(o.decided_at),
                "decision_reasons": o.decision_reasons,
            }
            for o in seeker.objections.select_related("vacancy").order_by("pk")
        ]
        responses = list(seeker.responses.select_related("vacancy"))
        document["responses"] = [
            {
                "vacancy": r.vacancy.reference,
                "responded_on": _iso(r.responded_on),
                "channel": r.channel,
                "withdrawn_at": _iso(r.withdrawn_at),
            }
            for r in responses
        ]
        objects |= Q(
            object_type="allocation.response", object_id__in=[str(r.pk) for r in responses]
        )
        document["rankings"] = [
            {
                "vacancy": e.ranking.vacancy.reference,
                "ranking": e.ranking.sequence,
                "current": e.ranking.is_current,
                "position": e.position,
                "tier": e.tier,
            }
            for e in RankingEntry.objects.filter(seeker=seeker).select_related("ranking__vacancy")
        ] + [
            {
                "vacancy": x.ranking.vacancy.reference,
                "ranking": x.ranking.sequence,
                "current": x.ranking.is_current,
                "excluded_for": x.reasons,
            }
            for x in RankingExclusion.objects.filter(seeker=seeker).select_related(
                "ranking__vacancy"
            )
        ]
        offers = list(seeker.offers.select_related("vacancy"))
        document["offers"] = [
            {
                "vacancy": o.vacancy.reference,
                "state": o.state,
                "made_at": _iso(o.made_at),
                "deadline": _iso(o.deadline),
                "decided_at": _iso(o.decided_at),
                "refusal_reason": o.refusal_reason,
                "refusal_text": o.refusal_text,
            }
            for o in offers
        ]
        objects |= Q(object_type="allocation.offer", object_id__in=[str(o.pk) for o in offers])
        document["allocations"] = [
            {
                "vacancy": a.vacancy.reference,
                "state": a.state,
                "accepted_on": _iso(a.accepted_on),
                "checked_on": _iso(a.checked_on),
                "contract_start": _iso(a.contract_start),
                "contract_rent": str(a.contract_rent) if a.contract_rent is not None else None,
                "contract_signed_on": _iso(a.contract_signed_on),
                "keys_handed_on": _iso(a.keys_handed_on),
                "let_on": _iso(a.let_on),
            }
            for a in seeker.allocations.select_related("vacancy")
        ]
        document["targeted_track"] = track_personal_data(seeker)
    document["history"] = [
        {
            "at": _iso(event.at),
            "action": event.action,
            # In words, without the name of the staff member who acted.
            "what": str(history.event_phrase(event.action)),
            "by_you": event.actor_id == user.pk,
            "before": event.before,
            "after": event.after,
        }
        for event in AuditEvent.objects.filter(objects).order_by("at", "pk")
    ]
    return document
