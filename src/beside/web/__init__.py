"""The web layer: the JSON API (and, later, pages). No logic of its own: it parses, checks
access through ``journal.access`` and calls the journal."""
