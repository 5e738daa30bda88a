"""The housing stock: complexes, buildings and units."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Enter a Dutch postcode such as 3705 AB.")
)
bag_validator = RegexValidator(r"^[0-9]{16}$", _("A BAG verblijfsobject id has 16 digits."))


class EnergyLabel(models.TextChoices):
    """The energy label of a home (NTA 8800, in force since 2021): A++++ is the best, G the
    worst."""

    A4 = "A++++", "A++++"
    A3 = "A+++", "A+++"
    A2 = "A++", "A++"
    A1 = "A+", "A+"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"


class AccessibilityLabel(models.TextChoices):
    """How easily the home is reached and used, in the three steps Dutch letting portals use
    (the classes of the Woonkeur handbook): a zero-step home, a home for a walker, a home for
    a wheelchair. Each step includes the one before."""

    NONE = "none", _("no accessibility label")
    ZERO_STEP = "zero_step", _("zero-step home: no stairs from the street to the rooms")
    WALKER = "walker", _("walker-accessible home")
    WHEELCHAIR = "wheelchair", _("wheelchair-accessible home")


class Complex(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    town = models.CharField(_("town"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("complex")
        verbose_name_plural = _("complexes")

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    complex = models.ForeignKey(
        Complex, verbose_name=_("complex"), on_delete=models.PROTECT, related_name="buildings"
    )
    # The name is what the rules engine compares with a commitment's building.
    name = models.CharField(_("name"), max_length=120, unique=True)
    street = models.CharField(_("street"), max_length=120)
    town = models.CharField(_("town"), max_length=80)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=80, blank=True)
    designated = models.BooleanField(
        _("designated for targeted allocation"),
        default=False,
        help_text=_("A share of this building's vacancies is targeted (the quota)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="units"
    )
    street = models.CharField(_("street"), max_length=120)
    number = models.PositiveIntegerField(_("house number"))
    addition = models.CharField(_("addition"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    town = models.CharField(_("town"), max_length=80)
    bag_id = models.CharField(
        _("BAG verblijfsobject id"),
        max_length=16,
        blank=True,
        validators=[bag_validator],
    )
    # The unit's id in the corporation's own system (VERA's idExtern): an import or an ERP
    # finds the unit again by it (voorrang.imports).
    source_id = models.CharField(_("id in the source system"), max_length=64, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), validators=[MinValueValidator(1)])
    floor = models.SmallIntegerField(_("floor"), default=0)
    lift = models.BooleanField(_("lift"), default=False)
    surface_m2 = models.PositiveSmallIntegerField(_("surface (m²)"))
    rent = models.DecimalField(_("net rent per month"), max_digits=8, decimal_places=2)
    service_costs = models.DecimalField(
        _("service costs per month"),
        max_digits=7,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    energy_label = models.CharField(
        _("energy label"), max_length=5, choices=EnergyLabel.choices, blank=True
    )
    accessibility_label = models.CharField(
        _("accessibility label"),
        max_length=10,
        choices=AccessibilityLabel.choices,
        default=AccessibilityLabel.NONE,
    )
    min_household = models.PositiveSmallIntegerField(
        _("minimum household size"), default=1, validators=[MinValueValidator(1)]
    )
    max_household = models.PositiveSmallIntegerField(
        _("maximum household size"), default=4, validators=[MinValueValidator(1)]
    )
    ground_floor = models.BooleanField(_("ground floor"), default=False)
    wheelchair_adapted = models.BooleanField(_("adapted for wheelchair"), default=False)

    class Meta:
        ordering = ["building", "street", "number", "addition"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "number", "addition"], name="unit_unique_address"
            ),
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~models.Q(source_id=""),
                name="unit_unique_source_id",
            ),
            models.CheckConstraint(
                condition=models.Q(max_household__gte=models.F("min_household")),
                name="unit_household_range",
            ),
            models.CheckConstraint(condition=models.Q(rent__gte=0), name="unit_rent_not_negative"),
            models.CheckConstraint(
                condition=models.Q(service_costs__gte=0), name="unit_service_costs_not_negative"
            ),
        ]

    def __str__(self) -> str:
        addition = f"-{self.addition}" if self.addition else ""
        return f"{self.street} {self.number}{addition}, {self.town}"
