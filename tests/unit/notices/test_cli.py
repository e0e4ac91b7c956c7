"""`securecomm notices detainer|consular`: from the booking flow's records to a PDF, and exit 2 on bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from securecomm.cli import main
from securecomm.storage.agency_tables import BookingRow, DetainerRow
from securecomm.storage.db import open_database
from securecomm.storage.tables import JurisdictionRow

from .conftest import COMPLAINTS, HOTLINE, pdf_pages, pdf_text

BOOKED_AT = datetime(2012, 2, 16, 14, 0, tzinfo=UTC)


def _subject(name: str, nationality: str, language: str) -> dict[str, object]:
    return {
        "name": name,
        "date_of_birth": "1984-07-02",
        "sex": "M",
        "place_of_birth": nationality,
        "nationality": nationality,
        "language": language,
        "claims_us_citizenship": False,
    }


def _booking(booking_id: str, subject: dict[str, object]) -> BookingRow:
    return BookingRow(
        booking_id=booking_id,
        fips="48201",
        ori="TX1010000",
        tcn=f"TCN-{booking_id}",
        booked_at=BOOKED_AT,
        facility_tz="America/Chicago",
        subject=subject,
        charges=[],
        indicators={},
        transaction_sha256="0" * 64,
    )


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('notices') / 'agency.db'}"
    database = open_database(url)
    with database.transaction() as session:
        session.add(
            JurisdictionRow(
                fips="48201", name="Harris County", state="TX", tz="America/Chicago", aor="HOU",
                activated_on=date(2008, 10, 27), ori="TX1010000", size=4092459.0,
            )
        )  # fmt: skip
        session.flush()
        session.add_all(
            [
                _booking("BK-MX", _subject("Jose Ramirez", "MX", "es")),
                _booking("BK-CN", _subject("Li Wei", "CN", "zh")),
                _booking("BK-TW", _subject("Chen Mei", "TW", "zh")),
                _booking("BK-US", _subject("John Doe", "US", "en")),
                _booking("BK-DE", _subject("Hans Weber", "DE", "de")),
            ]
        )
        session.add(
            DetainerRow(
                detainer_id="DET-HOU-1", booking_id="BK-MX", case_id="C-1", fips="48201", aor="HOU",
                form="I-247-2011", state="served", issued_at=datetime(2012, 2, 16, 18, 0, tzinfo=UTC),
                officer="officer-7", boxes=["investigation"], requests_hold=True, notice_language="es",
                facility_tz="America/Chicago", deadline_at=datetime(2012, 2, 22, 23, 0, tzinfo=UTC),
            )
        )  # fmt: skip
    database.dispose()
    return url


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of one in-process `securecomm` call."""
    try:
        main(list(args))
        code = 0
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_detainer_writes_the_copy_in_the_language_asked(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "det.pdf"
    code, stdout, _ = _run(
        capsys,
        "notices",
        "detainer",
        "--db",
        db_url,
        "--detainer",
        "DET-HOU-1",
        "--lang",
        "zh",
        "--out",
        str(out),
        "--json",
    )
    assert code == 0
    payload = json.loads(stdout)
    assert (
        payload["language"] == "zh"
        and payload["form"] == "I-247-2011"
        and payload["bytes"] == out.stat().st_size
    )
    text = pdf_text(out.read_bytes())
    assert "致被羁押者的通知" in text and HOTLINE in text and COMPLAINTS in text
    assert "Jose Ramirez" in text and "Harris County Sheriff" in text
    assert "ICE ERO Houston Field Office (HOU)" in text
    assert "2012年2月22日（星期三） 17:00 CST (America/Chicago)" in text


def test_detainer_defaults_to_the_language_recorded_on_the_detainer(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "det.pdf"
    code, stdout, _ = _run(
        capsys, "notices", "detainer", "--db", db_url, "--detainer", "DET-HOU-1", "--out", str(out)
    )
    assert code == 0 and "language es" in stdout
    assert "Aviso a la persona detenida" in pdf_text(out.read_bytes(), first=1, last=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--detainer", "DET-NOPE", "--lang", "es"), "--detainer: no detainer 'DET-NOPE' in the database"),
        (
            ("--detainer", "DET-HOU-1", "--lang", "de"),
            "--lang: no translation for language 'de'; languages with a",
        ),
    ],
)
def test_detainer_bad_input_exits_2_with_one_line(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "det.pdf"
    code, stdout, stderr = _run(capsys, "notices", "detainer", "--db", db_url, *args, "--out", str(out))
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and message in stderr
    assert not out.exists()


def test_consular_for_a_mandatory_country_prints_the_statement_and_the_fax_to_the_nearest_post(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "con.pdf"
    code, stdout, _ = _run(
        capsys, "notices", "consular", "--db", db_url, "--booking", "BK-CN", "--out", str(out), "--json",
        "--told-at", "2012-02-16T09:00-06:00", "--told-by", "Deputy R. Diaz", "--contact", "Deputy R. Diaz, 713-555-0100",
    )  # fmt: skip
    assert code == 0
    payload = json.loads(stdout)
    assert (
        payload["statement"] == "mandatory" and payload["fax_sheet"] is True and payload["language"] == "zh"
    )
    assert payload["consulate"].startswith("Consulate General of China")  # Houston's nearest listed post
    assert any(reason["code"] == "consular.mandatory" for reason in payload["reasons"])
    pdf = out.read_bytes()
    assert pdf_pages(pdf) == 3  # statement in Chinese, in English, and the fax sheet
    assert "领事通知" in pdf_text(pdf, first=1, last=1)
    assert "Notification of Arrest or Detention of a Foreign National" in pdf_text(pdf, first=3, last=3)


def test_consular_on_request_without_an_answer_prints_the_statement_only(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "con.pdf"
    code, stdout, _ = _run(
        capsys,
        "notices",
        "consular",
        "--db",
        db_url,
        "--booking",
        "BK-MX",
        "--lang",
        "es",
        "--out",
        str(out),
        "--json",
    )
    assert code == 0
    payload = json.loads(stdout)
    assert payload["statement"] == "on_request" and payload["fax_sheet"] is False
    assert payload["consulate"] == "Consulate of Mexico, Houston, TX" and payload["distance_km"] < 20
    assert pdf_pages(out.read_bytes()) == 2


def test_consular_for_a_taiwan_passport_offers_tecro(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "con.pdf"
    code, stdout, _ = _run(
        capsys, "notices", "consular", "--db", db_url, "--booking", "BK-TW", "--out", str(out), "--json",
        "--answer", "requested",
    )  # fmt: skip
    assert code == 0
    payload = json.loads(stdout)
    assert payload["statement"] == "taiwan" and payload["fax_sheet"] is True
    assert payload["consulate"].startswith("Taipei Economic and Cultural Office in Houston")


@pytest.mark.parametrize(
    ("booking", "extra", "message"),
    [
        ("BK-NOPE", (), "--booking: no booking 'BK-NOPE' in the database"),
        ("BK-US", (), "records a United States national; consular notification does not apply"),
        ("BK-DE", (), "bookings[BK-DE].subject.language: no translation for language 'de'"),
        ("BK-MX", ("--told-at", "2012-02-16T09:00"), "--told-at: '2012-02-16T09:00' has no UTC offset"),
    ],
)
def test_consular_bad_input_exits_2_with_one_line(
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    booking: str,
    extra: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "con.pdf"
    code, stdout, stderr = _run(
        capsys, "notices", "consular", "--db", db_url, "--booking", booking, "--out", str(out), *extra
    )
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and message in stderr
    assert not out.exists()


def test_an_out_path_in_a_missing_folder_is_refused(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "det.pdf"
    code, _, stderr = _run(
        capsys, "notices", "detainer", "--db", db_url, "--detainer", "DET-HOU-1", "--out", str(out)
    )
    assert code == 2 and "--out: the folder" in stderr
