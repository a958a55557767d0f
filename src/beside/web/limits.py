"""How large a request body may be (issue 11): small for every route, larger for an import.

Five years of one family's records are a 6 MB document (benchmarks/RESULTS.md); 64 MiB
leaves room for a large family and refuses a body meant to exhaust memory. 64 KiB is far
above any entry or form (assumed: the largest, a note of 4,000 characters, is under 20 KiB).
"""

from __future__ import annotations

MAX_BODY_BYTES = 64 * 1024
MAX_IMPORT_BYTES = 64 * 1024 * 1024
