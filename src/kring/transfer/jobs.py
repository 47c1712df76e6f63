"""The steps of an import job and of a FHIR export, as the views, tasks and commands call
them. Tasks take ids, never objects, so they can run in another process."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kring.audit.log import record_access
from kring.audit.models import AccessLog
from kring.care.models import Client
from kring.interop.fhir.bundle import ndjson_lines
from kring.interop.tabular import Table, TableReadError, guess_mapping, read_table
from kring.organisations.models import Organisation
from kring.transfer import importing
from kring.transfer.fhir_data import organisation_resources
from kring.transfer.models import ColumnMapping, FhirExport, ImportJob

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Uploaded files and FHIR exports hold client data: they are kept only as long as they are useful.
KEEP_IMPORTS = dt.timedelta(days=1)
KEEP_FHIR_EXPORTS = dt.timedelta(days=7)


class UploadRefused(Exception):
    pass


def forget_old(organisation: Organisation) -> None:
    """Delete the organisation's finished imports older than a day and FHIR exports older
    than a week (an import still running is left alone)."""
    now = timezone.now()
    ImportJob.objects.filter(organisation=organisation, created_at__lt=now - KEEP_IMPORTS).exclude(
        status__in=[ImportJob.Status.PREVIEWING, ImportJob.Status.IMPORTING]
    ).delete()
    FhirExport.objects.filter(organisation=organisation, created_at__lt=now - KEEP_FHIR_EXPORTS).delete()


def create_job(
    organisation: Organisation, user, kind: str, filename: str, content: bytes, language: str
) -> ImportJob:
    """Read the file once to know its columns; raises UploadRefused with the reason."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("The file is larger than 20 MB; split it into parts."))
    try:
        table = read_table(content)
    except TableReadError as error:
        raise UploadRefused(importing.table_error_message(error.code)) from error
    forget_old(organisation)
    remembered = ColumnMapping.objects.filter(organisation=organisation, kind=kind).first()
    mapping = {
        column: field
        for column, field in (remembered.mapping if remembered else {}).items()
        if column in table.header
    }
    for column, field in guess_mapping(table.header, kind).items():
        if column not in mapping and field not in mapping.values():
            mapping[column] = field
    return ImportJob.objects.create(
        organisation=organisation,
        created_by=user,
        kind=kind,
        filename=filename[:255],
        content=content,
        language=language,
        header=table.header,
        mapping=mapping,
        total_rows=len(table.rows),
    )


def remember_mapping(job: ImportJob, mapping: dict[str, str]) -> None:
    job.mapping = mapping
    job.status = ImportJob.Status.PREVIEWING
    job.done_rows = 0
    job.save(update_fields=["mapping", "status", "done_rows"])
    ColumnMapping.objects.update_or_create(
        organisation=job.organisation, kind=job.kind, defaults={"mapping": mapping}
    )


def _table(job: ImportJob) -> Table:
    return read_table(bytes(job.content))


def _progress_writer(job_id: int):
    def write(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(done_rows=done, total_rows=total)

    return write


def run_preview(job_id: int) -> None:
    job = ImportJob.objects.select_related("organisation").get(pk=job_id)
    with translation.override(job.language):
        try:
            outcomes = importing.evaluate(
                job.organisation, job.kind, _table(job), job.mapping, _progress_writer(job.pk)
            )
        except Exception:  # a broken preview must say so instead of spinning for ever
            logger.exception("preview of import %s failed", job.pk)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.FAILED,
                error=_("The rows could not be checked."),
                finished_at=timezone.now(),
            )
            return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.PREVIEWED,
        preview=[outcome.as_json() for outcome in outcomes],
        counts=importing.count(outcomes),
    )


def run_import(job_id: int) -> None:
    """Check every row again (the database may have changed since the preview), then import
    all or nothing."""
    job = ImportJob.objects.select_related("organisation", "created_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            outcomes = importing.evaluate(
                job.organisation, job.kind, _table(job), job.mapping, _progress_writer(job.pk)
            )
            counts = importing.save_all(
                job.organisation,
                job.kind,
                outcomes,
                user=job.created_by,
                filename=job.filename,
                path=f"/import/{job.pk}/",
            )
        except importing.ImportRefused as refused:
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.PREVIEWED,
                preview=[outcome.as_json() for outcome in refused.outcomes],
                counts=importing.count(refused.outcomes),
                error=_(
                    "Some rows have errors now; nothing was imported. Correct the file and upload it again."
                ),
            )
            return
        except Exception as error:  # the transaction is rolled back: nothing was imported
            logger.exception("import %s failed", job.pk)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.FAILED,
                error=_("Nothing was imported: %(error)s") % {"error": error},
                finished_at=timezone.now(),
            )
            return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, counts=counts, error="", finished_at=timezone.now(), content=b""
    )


def start(job: ImportJob, step: str) -> None:
    from kring.transfer.tasks import import_step

    import_step.enqueue(job.pk, step)


# ---------------------------------------------------------------- FHIR


def write_fhir_zip(organisation: Organisation, user, *, path: str = "") -> tuple[bytes, dict[str, int]]:
    """The organisation as NDJSON files in a zip, with an access-log entry per client."""
    clients = list(
        Client.objects.filter(organisation=organisation).select_related("programme").order_by("pk")
    )
    for client in clients:
        record_access(
            user=user,
            action=AccessLog.Action.EXPORT,
            organisation=organisation,
            client=client,
            path=path,
            detail="FHIR bulk export (NDJSON)",
        )
    files = ndjson_lines(organisation_resources(organisation, clients))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for resource_type, lines in sorted(files.items()):
            archive.writestr(f"{resource_type}.ndjson", "\n".join(lines) + "\n")
    return buffer.getvalue(), {resource_type: len(lines) for resource_type, lines in sorted(files.items())}


def run_fhir_export(export_id: int) -> None:
    export = FhirExport.objects.select_related("organisation", "created_by").get(pk=export_id)
    FhirExport.objects.filter(pk=export.pk).update(status=FhirExport.Status.RUNNING)
    try:
        content, counts = write_fhir_zip(
            export.organisation, export.created_by, path=f"/fhir/exports/{export.pk}/"
        )
    except Exception as error:
        logger.exception("FHIR export %s failed", export.pk)
        FhirExport.objects.filter(pk=export.pk).update(
            status=FhirExport.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        return
    FhirExport.objects.filter(pk=export.pk).update(
        status=FhirExport.Status.DONE, content=content, counts=counts, finished_at=timezone.now()
    )


def start_fhir_export(organisation: Organisation, user) -> FhirExport:
    from kring.transfer.tasks import fhir_export

    forget_old(organisation)
    export = FhirExport.objects.create(organisation=organisation, created_by=user)
    fhir_export.enqueue(export.pk)
    return export
