"""The synthetic world the booking flow runs on: real counties, synthetic people, arrests and court outcomes.

Pure and deterministic (services layer): no file or database I/O beyond reading the packaged county table,
no wall clock, no global random state. See docs/synthetic-world.md.
"""

from securecomm.synth.field_offices import FieldOffice
from securecomm.synth.jurisdictions import (
    Jurisdiction,
    find_jurisdiction,
    load_jurisdictions,
    normalise_fips,
    parse_jurisdictions,
    pick_counties,
)

__all__ = [
    "FieldOffice",
    "Jurisdiction",
    "find_jurisdiction",
    "load_jurisdictions",
    "normalise_fips",
    "parse_jurisdictions",
    "pick_counties",
]
