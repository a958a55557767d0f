"""Published age norms with their citations: data in ``norms.json``, lookup in ``figures``."""
