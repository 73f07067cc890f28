"""A Django app whose note view uses Django's own conditional view processing.

`django.views.decorators.http.condition(etag_func=…)` is what Django's documentation offers for
ETags ("Conditional View Processing"): it answers a stale If-Match with 412 before the view runs,
and puts the ETag on GET and HEAD answers only. Recorded by scripts/record-real-servers.ts with
Debian's python3-django; run as `python3 django-notes.py <port> <scenario page> [sessions [renew]]`.

With `sessions`, the note is for logged-in users only, as in most Django apps: `POST /login` with
`{"user": name}` starts a session (Django's session framework, its `sessionid` cookie, sessions kept
in the server's memory), a note request without one is answered 401, and the session middleware
adds `Vary: Cookie` to the answers of views that read the session. With `renew` too, every accepted
save gives the session a new key (`request.session.cycle_key()`, what Django's `login()` calls), as
apps that renew the session id on sensitive actions do: the answer's `Set-Cookie` names the new one.
"""
import hashlib
import json
import os
import sys

from django.conf import settings

PORT, PAGE = sys.argv[1], sys.argv[2]
SESSIONS = "sessions" in sys.argv[3:]
RENEW = "renew" in sys.argv[3:]

settings.configure(
    DEBUG=False,
    SECRET_KEY="etag-lens-recording-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware"] if SESSIONS else [],
    INSTALLED_APPS=["django.contrib.sessions"] if SESSIONS else [],
    # No database: sessions live in the process's memory (the default local-memory cache).
    SESSION_ENGINE="django.contrib.sessions.backends.cache",
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
    if SESSIONS and "user" not in request.session:
        return JsonResponse({"detail": "log in first"}, status=401)
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
    if RENEW:
        request.session.cycle_key()
    return JsonResponse({"id": pk, "text": NOTES[pk]}, status=201 if created else 200)


@csrf_exempt
@require_http_methods(["POST"])
def login(request):
    request.session["user"] = json.loads(request.body or b"{}").get("user", "")
    return HttpResponse(status=204)


def scenario_page(request):
    return FileResponse(open(PAGE, "rb"), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("notes/<str:pk>", note),
    path(os.path.basename(PAGE), scenario_page),
    path("login", login),
]

call_command("runserver", f"127.0.0.1:{PORT}", use_reloader=False, use_threading=True)
