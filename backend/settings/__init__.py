"""Settings package: ``main`` reads the environment; ``test`` adds test-only defaults."""
