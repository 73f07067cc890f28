"""A Django app whose note view uses Django's own conditional view processing.

`django.views.decorators.http.condition(etag_func=…)` is what Django's documentation offers for
ETags ("Conditional View Processing"): it answers a stale If-Match with 412 before the view runs,
and puts the ETag on GET and HEAD answers only. Recorded by scripts/record-real-servers.ts with
Debian's python3-django; run as `python3 django-notes.py <port> <scenario page>`.
"""
import hashlib
import json
import sys

from django.conf import settings

PORT, PAGE = sys.argv[1], sys.argv[2]

settings.configure(
    DEBUG=False,
    SECRET_KEY="etag-lens-recording-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

import django  # noqa: E402 (settings first)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.http import FileResponse, HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from django.views.decorators.http import condition, require_http_methods  # noqa: E402

NOTES = {"1": "version 1"}


def note_etag(request, pk):
    """The tag of the note's text, as Django's documentation computes one; None once it is gone."""
    text = NOTES.get(pk)
    return None if text is None else hashlib.sha1(text.encode()).hexdigest()[:16]


@csrf_exempt
@require_http_methods(["GET", "HEAD", "PUT", "PATCH", "DELETE"])
@condition(etag_func=note_etag)
def note(request, pk):
    if request.method in ("GET", "HEAD"):
        if pk not in NOTES:
            return JsonResponse({"detail": "not found"}, status=404)
        return JsonResponse({"id": pk, "text": NOTES[pk]})
    if request.method == "DELETE":
        if NOTES.pop(pk, None) is None:
            return JsonResponse({"detail": "not found"}, status=404)
        return HttpResponse(status=204)
    created = pk not in NOTES
    if created and request.method == "PATCH":
        return JsonResponse({"detail": "not found"}, status=404)
    NOTES[pk] = json.loads(request.body or b"{}").get("text", "")
    return JsonResponse({"id": pk, "text": NOTES[pk]}, status=201 if created else 200)


def scenario_page(request):
    return FileResponse(open(PAGE, "rb"), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("notes/<str:pk>", note),
    path("django-scenario.html", scenario_page),
]

call_command("runserver", f"127.0.0.1:{PORT}", use_reloader=False, use_threading=True)
