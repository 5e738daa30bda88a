"""The reports' PDFs move from a column of their own into the file storage
(voorrang.files), like every other file the application keeps."""

from django.core.files.base import ContentFile
from django.db import migrations, models


def to_storage(apps, schema_editor):
    report_model = apps.get_model("evaluation", "EvaluationReport")
    for report in report_model.objects.all().iterator(chunk_size=20):
        if report.pdf_bytes:
            name = f"evaluation-report-{report.as_of.isoformat()}-{report.language}.pdf"
            report.pdf.save(name, ContentFile(bytes(report.pdf_bytes)), save=False)
            report.save(update_fields=["pdf"])


def to_column(apps, schema_editor):
    report_model = apps.get_model("evaluation", "EvaluationReport")
    for report in report_model.objects.all().iterator(chunk_size=20):
        report.pdf_bytes = b""
        if report.pdf:
            with report.pdf.open("rb") as handle:
                report.pdf_bytes = handle.read()
        report.save(update_fields=["pdf_bytes"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_evaluationreport_job"),
        ("files", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("evaluationreport", "pdf", "pdf_bytes"),
        # Nullable while it goes: removing it can then be undone.
        migrations.AlterField(
            model_name="evaluationreport", name="pdf_bytes", field=models.BinaryField(null=True)
        ),
        migrations.AddField(
            model_name="evaluationreport",
            name="pdf",
            field=models.FileField(
                blank=True, max_length=255, upload_to="reports/", verbose_name="PDF"
            ),
        ),
        migrations.RunPython(to_storage, to_column),
        migrations.RemoveField("evaluationreport", "pdf_bytes"),
    ]
