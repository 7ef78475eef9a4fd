"""Documents of a case: uploads (statutes, quotes, receipts) and the letters the office issues.

The file of record: every document is stored through Django's storage API (``STORAGES
["documents"]``: a git-ignored folder by default, any S3-compatible store by environment),
is downloaded only through permission-checked views, and every upload or deletion is an event
in the case's audit trail.
"""
