from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # drf-spectacular finds extensions (auth schemes) by importing them once.
        from api import schema  # noqa: F401
