"""A Django REST framework API whose note view set uses drf-extensions' ETag mixin.

drf-extensions' `APIETAGMixin` ("Conditional requests" in its documentation) puts an ETag on the
view set's answers, the MD5 of the instance's values, answers a PUT, PATCH or DELETE without
If-Match with 428 (RFC 6585), and a tag that does not match with 412. Recorded by
scripts/record-real-servers.ts with Debian's python3-djangorestframework-extensions (0.7.1, with
python3-djangorestframework 3.14 and python3-django 3.2); run as
`python3 drf-notes.py <port> <scenario page>`. The notes live in an SQLite file in the working folder.
"""
import os
import sys

from django.conf import settings

PORT, PAGE = sys.argv[1], sys.argv[2]

settings.configure(
    DEBUG=False,
    SECRET_KEY="etag-lens-recording-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    # A file, not ":memory:": the development server's threads each open their own connection.
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "notes.sqlite3"}},
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "UNAUTHENTICATED_USER": None,
    },
)

import django  # noqa: E402 (settings first)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.http import FileResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from rest_framework import routers, serializers, viewsets  # noqa: E402
from rest_framework_extensions.etag.mixins import APIETAGMixin  # noqa: E402


class Note(models.Model):
    text = models.TextField()

    class Meta:
        app_label = "notes"


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["id", "text"]


class NoteViewSet(APIETAGMixin, viewsets.ModelViewSet):
    """As drf-extensions' documentation shows it: the mixin first, then the view set."""

    queryset = Note.objects.all()
    serializer_class = NoteSerializer


def scenario_page(request):
    return FileResponse(open(PAGE, "rb"), content_type="text/html; charset=utf-8")


router = routers.DefaultRouter()
router.register("notes", NoteViewSet)
urlpatterns = [path("", include(router.urls)), path(os.path.basename(PAGE), scenario_page)]

with connection.schema_editor() as editor:
    editor.create_model(Note)
Note.objects.create(text="version 1")

call_command("runserver", f"127.0.0.1:{PORT}", use_reloader=False, use_threading=True)
