from tests.workspace.conftest import coordinator_client, other_client  # noqa: F401
