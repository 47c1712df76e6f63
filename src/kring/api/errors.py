"""Every error as JSON: DRF's own, plus Django's ValidationError (from `Client.clean()` and the
domain functions) with its field names, and a publish conflict as 409."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from kring.planner.publish import PublishConflict

NON_FIELD = "non_field_errors"


def field_messages(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in error.messages]}


def handle(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response(field_messages(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PublishConflict):
        return Response({"detail": exc.message, "problems": exc.problems}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # the same words for every 404, never the model's name
    return exception_handler(exc, context)
