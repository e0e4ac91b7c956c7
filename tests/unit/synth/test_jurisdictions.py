"""The packaged county table as the flow sees it: FIPS, time zones, field offices, activation, picks."""

from __future__ import annotations

from datetime import date

import pytest

from securecomm.synth import (
    FieldOffice,
    Jurisdiction,
    load_jurisdictions,
    normalise_fips,
    parse_jurisdictions,
    pick_counties,
)
from securecomm.synth.errors import (
    MalformedFips,
    ReferenceTableError,
    UnknownJurisdiction,
    WorldParameterError,
)
from securecomm.synth.jurisdictions import find_jurisdiction
from securecomm.synth.reference_table import render_county_table


@pytest.fixture(scope="module")
def table() -> dict[str, Jurisdiction]:
    return {j.fips: j for j in load_jurisdictions()}


def test_every_county_of_the_activation_list_is_there(table: dict[str, Jurisdiction]) -> None:
    assert len(table) == 3242
    activated = [j for j in table.values() if j.activated_on is not None]
    assert len(activated) == 3102
    # The landmarks of the rollout (sc_activation_dates README): 14 counties in 2008, the last in Jan 2013.
    assert sum(1 for j in activated if j.activated_on and j.activated_on.year == 2008) == 14
    assert max(j.activated_on for j in activated if j.activated_on) == date(2013, 1, 1)


def test_fips_is_a_five_character_zero_padded_string(table: dict[str, Jurisdiction]) -> None:
    assert all(isinstance(f, str) and len(f) == 5 and f.isdigit() for f in table)
    assert table["01001"].name == "Autauga County"  # the integer 1001 in the source
    assert normalise_fips(1001) == "01001" and normalise_fips("1001") == "01001"
    for bad in ("1", "ABCDE", "123456", "00123", ""):
        with pytest.raises(MalformedFips, match="5 digits"):
            normalise_fips(bad)


@pytest.mark.parametrize(
    ("fips", "name", "zone"),
    [
        ("48201", "Harris County", "America/Chicago"),
        ("48141", "El Paso County", "America/Denver"),
        ("48229", "Hudspeth County", "America/Denver"),
        ("04013", "Maricopa County", "America/Phoenix"),
        ("04001", "Apache County", "America/Phoenix"),  # jail at St. Johns, outside the Navajo Nation
        ("18089", "Lake County", "America/Chicago"),
        ("18097", "Marion County", "America/Indiana/Indianapolis"),
        ("18149", "Starke County", "America/Indiana/Knox"),
        ("12045", "Gulf County", "America/New_York"),  # split county: sheriff at Port St. Joe (Eastern)
        ("12033", "Escambia County", "America/Chicago"),
        ("38057", "Mercer County", "America/North_Dakota/Beulah"),
        ("26109", "Menominee County", "America/Menominee"),
        ("41045", "Malheur County", "America/Boise"),
        ("16049", "Idaho County", "America/Los_Angeles"),
        ("16001", "Ada County", "America/Boise"),
        ("21111", "Jefferson County", "America/Kentucky/Louisville"),
        ("47093", "Knox County", "America/New_York"),
        ("47157", "Shelby County", "America/Chicago"),
        ("46103", "Pennington County", "America/Denver"),
        ("31157", "Scotts Bluff County", "America/Denver"),
        ("31031", "Cherry County", "America/Chicago"),  # split county: sheriff at Valentine (Central)
        ("20181", "Sherman County", "America/Denver"),
        ("15003", "Honolulu County", "Pacific/Honolulu"),
        ("11001", "District of Columbia", "America/New_York"),
    ],
)
def test_time_zone_of_known_counties(table: dict[str, Jurisdiction], fips: str, name: str, zone: str) -> None:
    assert table[fips].name == name
    assert table[fips].tz == zone
    assert table[fips].zone.key == zone


def test_every_activated_county_has_one_of_the_24_field_offices(table: dict[str, Jurisdiction]) -> None:
    codes = {j.aor for j in table.values() if j.activated_on is not None}
    assert codes <= set(FieldOffice)
    assert len(FieldOffice) == 24
    assert "HAR" not in codes


@pytest.mark.parametrize(
    ("fips", "aor"),
    [
        ("48201", "HOU"),  # Harris TX
        ("48061", "SNA"),  # Cameron TX: Harlingen today, San Antonio in 2008-2014 (assumption)
        ("48355", "SNA"),  # Nueces TX: likewise
        ("48029", "SNA"),  # Bexar TX
        ("48113", "DAL"),  # Dallas TX
        ("48141", "ELP"),  # El Paso TX
        ("06037", "LOS"),
        ("06073", "SND"),
        ("06075", "SFR"),
        ("36029", "BUF"),  # Erie NY
        ("36047", "NYC"),  # Kings NY
        ("17031", "CHI"),
        ("20209", "CHI"),  # Wyandotte KS: Chicago's AOR covered Kansas
        ("72127", "MIA"),  # San Juan PR
        ("27053", "SPM"),
        ("11001", "WAS"),
    ],
)
def test_field_office_of_known_counties(table: dict[str, Jurisdiction], fips: str, aor: str) -> None:
    assert table[fips].aor == aor


def test_booking_agency_is_the_sheriff_where_there_is_one(table: dict[str, Jurisdiction]) -> None:
    assert table["48201"].ori == "TX1010000"
    assert table["48201"].agency_name == "Harris County Sheriff's Office"
    assert table["11001"].ori == "DCMPD0000"  # documented override: the UCR row names no county
    activated = [j for j in table.values() if j.activated_on is not None]
    assert all(j.ori is not None and len(j.ori) == 9 for j in activated)
    sheriffs = sum(1 for j in activated if j.agency_name and "Sheriff" in j.agency_name)
    assert sheriffs / len(activated) > 0.9


def test_size_is_the_2010_census_count(table: dict[str, Jurisdiction]) -> None:
    assert table["06037"].size == 9_818_605
    assert table["48201"].size == 4_092_459
    assert sum(j.size for j in table.values()) > 300_000_000


def test_pick_counties_prefers_larger_activated_ones() -> None:
    picked = pick_counties(3, activated_by=date(2012, 3, 1))
    assert [j.fips for j in picked] == ["06037", "48201", "04013"]
    assert pick_counties(3, activated_by=date(2012, 3, 1)) == picked
    early = pick_counties(2, activated_by=date(2008, 11, 1))
    assert all(j.activated_on is not None and j.activated_on <= date(2008, 11, 1) for j in early)
    assert early[0].fips == "48201"  # Harris TX, the first county (Oct 2008)


def test_pick_counties_refuses_more_than_were_activated() -> None:
    with pytest.raises(WorldParameterError, match="only 14 counties were activated by 2008-12-31"):
        pick_counties(15, activated_by=date(2008, 12, 31))
    with pytest.raises(WorldParameterError, match="at least 1"):
        pick_counties(0, activated_by=date(2012, 1, 1))


def test_find_jurisdiction_names_the_bad_code() -> None:
    assert find_jurisdiction(48201).name == "Harris County"
    with pytest.raises(UnknownJurisdiction, match="99999"):
        find_jurisdiction("99999")


def test_a_malformed_table_row_is_refused_with_line_and_column() -> None:
    good = render_county_table([])  # header only
    header = good.splitlines()[0]
    row = "48201,Harris County,TX,America/Denverr,agency,HOU,2008-10-01,TX1010000,X,sheriff,1,census2010,true,false"
    with pytest.raises(ReferenceTableError, match=r"line 2|:2 column 'tz'"):
        parse_jurisdictions(f"{header}\n{row}\n", table="t.csv")
    wrong_zone = row.replace("America/Denverr", "America/New_York")
    with pytest.raises(ReferenceTableError, match="not a zone of Texas"):
        parse_jurisdictions(f"{header}\n{wrong_zone}\n")
    bad_aor = row.replace("America/Denverr", "America/Chicago").replace(",HOU,", ",HAR,")
    with pytest.raises(ReferenceTableError, match="24 field office codes"):
        parse_jurisdictions(f"{header}\n{bad_aor}\n")
    with pytest.raises(ReferenceTableError, match="missing columns"):
        parse_jurisdictions("fips,name\n48201,Harris\n")
