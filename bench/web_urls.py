from django.http import HttpResponse
from django.urls import path

from kring.urls import urlpatterns as kring_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *kring_urlpatterns]
