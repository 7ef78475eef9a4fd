"""The REST API (``/api/v1/``) for coordinators and other systems; see docs/api.md."""
