"""Beside: how young children learn to calm.

The package is layered; data flows one way (source -> records -> insights -> views)::

    records/   the shared vocabulary: typed records, enums, columnar tables, validation
    model/     the regulation system and its vectorised cohort simulator (source)
    norms/     published age norms with their citations
    insights/  measures over records, on real and simulated data alike
    study/     runs that join model, norms and insights: calibration, strategy comparison
    cli.py     the command line; it holds no logic of its own
"""

__version__ = "0.1.0"
