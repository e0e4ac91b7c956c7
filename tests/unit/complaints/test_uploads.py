"""Documents are accepted by what their bytes are, within limits; names are made safe."""

from __future__ import annotations

import pytest

from securecomm.complaints.uploads import UploadLimits, check_uploads, detect_media_type, safe_filename

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        ("Me detuvieron sin razón.\nTestigo: Luis".encode(), "text/plain"),
        (b"<html><script>alert(1)</script></html>", None),
        (b"  <svg onload=alert(1)>", None),
        (b"<?xml version='1.0'?><x/>", None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # a Windows executable
        (b"PK\x03\x04rest-of-a-zip", None),
        (b"\xff\xfe\x00\x00 not utf-8", None),
        (b"text with a NUL \x00 inside", None),
    ],
)
def test_content_decides_the_type(data: bytes, expected: str | None) -> None:
    assert detect_media_type(data) == expected


def test_a_script_named_like_a_pdf_is_refused_and_a_pdf_named_like_text_is_kept_as_pdf() -> None:
    accepted, problems = check_uploads([("evidence.pdf", b"<script>x</script>"), ("notes.txt", PDF)])
    assert [p.code for p in problems] == ["file_type"]
    assert problems[0].placeholders == {"file": "evidence.pdf"}
    assert [(a.filename, a.media_type) for a in accepted] == [("notes.txt.pdf", "application/pdf")]


def test_size_count_and_empty_files() -> None:
    limits = UploadLimits(max_files=2, max_file_bytes=100)
    _, problems = check_uploads([("a.txt", b"x" * 101), ("b.txt", b"")], limits)
    by_code = {p.code: p.placeholders for p in problems}
    assert by_code == {"file_size": {"file": "a.txt", "max_mb": "0"}, "file_empty": {"file": "b.txt"}}
    _, problems = check_uploads([("a.txt", b"x")] * 3, limits)
    assert [(p.code, p.placeholders) for p in problems] == [("too_many_files", {"max": "2"})]


def test_an_empty_file_input_is_not_a_document() -> None:
    accepted, problems = check_uploads([("", b"")])
    assert accepted == () and problems == []


def test_digest_and_size_are_kept() -> None:
    (doc,), _ = check_uploads([("scan.png", PNG)])
    assert doc.size == len(PNG) and len(doc.sha256) == 64 and doc.data == PNG


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd", "text/plain", "passwd.txt"),
        ("C:\\Users\\me\\carta de la cárcel.pdf", "application/pdf", "carta_de_la_carcel.pdf"),
        ("证据.png", "image/png", "document.png"),
        ('a"b;c.jpg', "image/jpeg", "a_b_c.jpg"),
    ],
)
def test_names_are_reduced_to_safe_characters(name: str, kind: str, expected: str) -> None:
    assert safe_filename(name, kind) == expected
