"""Imported by the admin's autodiscovery after the admins of the apps listed before
``backend.common`` (Django's auth, procrastinate, axes): their installation-wide rows are for
superusers only (``backend.common.admin_scope``)."""

from django.contrib import admin

from backend.common.admin_scope import superuser_only_for_the_rest

superuser_only_for_the_rest(admin.site)
