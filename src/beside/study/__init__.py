"""Runs that join the model (a source) with norms and insights: calibration, comparison.

This layer sits above ``model``, ``norms`` and ``insights`` and below the CLI and the web."""
