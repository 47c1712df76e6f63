"""What every API view shares: authentication, the organisation scope, pagination, filters,
the request's language, ETag/If-None-Match on reads, and access logging of client records."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status, viewsets
from rest_framework.renderers import JSONRenderer

from kring.api.authentication import ApiTokenAuthentication, VerifiedSessionAuthentication
from kring.api.filters import DeclaredFilters
from kring.api.pagination import ApiPagination
from kring.api.scope import OrganisationMember, api_organisation, via
from kring.audit.log import log_access
from kring.audit.models import AccessLog

VARY = ("Authorization", "Cookie", "Accept-Language")


def etag_of(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:40])


class Changed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("This was changed since you read it; read it again and repeat your change.")
    default_code = "changed"


def check_if_match(request, current_data) -> None:
    """Optimistic locking: with `If-Match`, a change only goes through while the object still
    reads as the version the caller saw (the ETag of its detail response)."""
    header = request.headers.get("If-Match")
    if not header:
        return
    asked = parse_etags(header)
    if "*" not in asked and etag_of(JSONRenderer().render(current_data)) not in asked:
        raise Changed()


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request is too large.")
    default_code = "too_large"


def request_language(request) -> str:
    """The API answers in the language of Accept-Language when we have it, else Dutch."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()
        if not code or code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return "nl"


class ApiView:
    """Mixin for API views (before DRF's view class)."""

    authentication_classes = [ApiTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [OrganisationMember]

    def initialize_request(self, request, *args, **kwargs):
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF reads a JSON body as a stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check.
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and (not length.isdigit() or int(length) > limit):
            raise TooLarge()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, VARY)
        response["Content-Language"] = translation.get_language()
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Cache-Control"] = "private, no-cache"
            response.render()
            tag = etag_of(response.content)
            response["ETag"] = tag
            asked = parse_etags(request.headers.get("If-None-Match", ""))
            if tag in asked or "*" in asked:
                unchanged = HttpResponseNotModified()
                for header in ("ETag", "Vary", "Cache-Control", "Content-Language"):
                    unchanged[header] = response[header]
                return unchanged
        return response

    @property
    def organisation(self):
        return api_organisation(self.request)

    # Access log (NEN 7513), as the pages write it --------------------------------------------

    def log_clients(self, clients_ids, what: str, action=AccessLog.Action.SEARCH) -> None:
        """One entry naming every client a list response shows."""
        ids = sorted({pk for pk in clients_ids if pk is not None})
        if ids:
            log_access(
                self.request,
                None,
                action,
                detail=f"{via(self.request)}, {what}: clients {','.join(map(str, ids))}",
                organisation=self.organisation,
            )

    def log_replay(self, data) -> None:
        """A repeated answer to an Idempotency-Key shows its client data again."""
        rows = data if isinstance(data, list) else [data]
        ids = [
            row.get("client") if "client" in row else row.get("id") for row in rows if isinstance(row, dict)
        ]
        if getattr(self, "logs_clients", False):
            self.log_clients(ids, f"{self.resource} (repeated answer)", AccessLog.Action.VIEW)

    def log_client(self, client, what: str, action=AccessLog.Action.VIEW) -> None:
        log_access(
            self.request,
            client,
            action,
            detail=f"{via(self.request)}, {what}",
            organisation=self.organisation,
        )


class ScopedViewSet(ApiView, viewsets.GenericViewSet):
    """A resource of the caller's organisation, with `list` and `retrieve`. `scoped()` returns
    the rows the caller may see (always through an access function); with `logs_clients`,
    `client_of(obj)` names the client a row belongs to, so every list and detail that shows
    client data is logged. Never add DRF's list/retrieve mixins to a subclass: they would
    replace these and skip the access log."""

    pagination_class = ApiPagination
    lookup_value_converter = "int"
    filter_backends = [DeclaredFilters]
    filters: dict = {}
    orderings: dict = {}
    default_ordering = ""
    resource = ""
    logs_clients = False

    def scoped(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped()

    def client_of(self, obj):
        return obj.client

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if self.logs_clients:
            self.log_clients([self.client_of(obj).pk for obj in page], f"{self.resource} list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        if self.logs_clients:
            self.log_client(self.client_of(obj), f"{self.resource} {obj.pk}")
        return self._respond(obj)

    def _respond(self, obj, status_code=200):
        from rest_framework.response import Response

        return Response(self.get_serializer(obj).data, status=status_code)
