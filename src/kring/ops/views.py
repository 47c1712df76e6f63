from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kring.ops.health import check


@never_cache
@require_GET
def healthz(request):
    """For load balancers and service monitors: 200 when healthy, 503 otherwise; no login,
    no data beyond counts."""
    health = check()
    return JsonResponse(health.as_json(), status=200 if health.ok else 503)
