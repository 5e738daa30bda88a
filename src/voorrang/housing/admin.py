from django.contrib import admin

from voorrang.housing.models import Building, Complex, Unit


@admin.register(Complex)
class ComplexAdmin(admin.ModelAdmin):
    list_display = ("name", "town")


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ("name", "complex", "town", "designated")
    list_filter = ("designated", "town")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("__str__", "building", "rooms", "rent", "floor", "lift")
    list_filter = ("building", "rooms", "lift", "wheelchair_adapted")
    search_fields = ("street", "postcode", "bag_id")
