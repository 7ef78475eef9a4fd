from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "backend.common"
    label = "common"

    def ready(self) -> None:
        from backend.common import redaction

        # Status tokens out of every log record of this process (issue #17).
        redaction.install()
