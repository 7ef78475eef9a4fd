"""Model fields shared by the domain apps."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import models


def choice_array(choices: type[models.TextChoices], **kwargs: Any) -> ArrayField:
    """An array of slugs from a fixed vocabulary (validated per item by Django)."""
    return ArrayField(
        models.CharField(max_length=40, choices=choices.choices), default=list, **kwargs
    )
