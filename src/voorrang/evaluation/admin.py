"""The theory of change in the administration, for small corrections by the application
manager (a new version is better loaded as JSON). Built reports and research exports are
records of what happened: shown, never changed."""

from django.contrib import admin

from voorrang.evaluation.models import (
    Assumption,
    Element,
    EvaluationReport,
    Indicator,
    Link,
    Observation,
    ResearchExport,
    TheoryOfChange,
    WorkingElement,
)


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0
    fields = ("position", "key", "kind", "title", "description")


@admin.register(TheoryOfChange)
class TheoryOfChangeAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "updated_at")
    inlines = [ElementInline]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ("__str__", "theory", "evidence")
    list_filter = ("theory", "evidence")


@admin.register(Assumption)
class AssumptionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "theory", "kind")
    list_filter = ("theory", "kind")


@admin.register(WorkingElement)
class WorkingElementAdmin(admin.ModelAdmin):
    list_display = ("title", "theory", "element")
    list_filter = ("theory",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "theory", "element", "source_kind", "computation")
    list_filter = ("theory", "source_kind")


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ("indicator", "period_start", "period_end", "building", "value")
    list_filter = ("indicator", "building")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EvaluationReport)
class EvaluationReportAdmin(ReadOnlyAdmin):
    list_display = ("as_of", "language", "built_at", "built_by", "digest")
    exclude = ("html", "pdf")


@admin.register(ResearchExport)
class ResearchExportAdmin(ReadOnlyAdmin):
    list_display = ("as_of", "channel", "made_at", "made_by")
