"""Serializers by domain. Names are globally unique: drf-spectacular makes them schema
components."""
