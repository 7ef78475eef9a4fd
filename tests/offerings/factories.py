"""Offerings for tests; place them with ``quarter=`` or ``citywide=True``."""

from __future__ import annotations

import factory

from backend.areas.models import City
from backend.offerings.models import Offering


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    city = factory.LazyFunction(lambda: City.objects.get(slug="essen"))
    title = "Sprachcafé"
    description = "Deutsch sprechen bei Kaffee und Tee."
    provider = "Stadtteilladen"
    quarter = None
    citywide = False
    target_groups = factory.LazyFunction(lambda: ["gefluechtete"])
    topics = factory.LazyFunction(lambda: ["sprache", "begegnung"])
    source = "test"
    external_id = factory.Sequence(lambda n: f"o-{n}")
