"""Receipt numbers: unguessable, easy to read aloud and type, and checked for typing mistakes.

A receipt is 80 random bits written as 16 characters of Crockford's base 32 (digits and capitals without
I, L, O and U, so nothing looks like something else), plus one check character (Damm's scheme over GF(32):
catches every single mistyped character and every swap of two neighbours), grouped for reading:
`SC-7KQ2-M9XD-4TPA-ZH3B-R`. Reading is forgiving: case, spaces and dashes do not matter, and O, I and L
are read as 0, 1 and 1. At 80 bits, guessing a valid receipt is hopeless (about 1 in 10^24 per try), so a
receipt can serve as the only key to a complaint's status.
"""

from __future__ import annotations

from collections.abc import Callable

from securecomm.complaints.errors import ReceiptError

__all__ = ["ALPHABET", "PREFIX", "format_receipt", "new_receipt", "parse_receipt"]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "SC"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_BODY = 16  # characters of randomness (80 bits)
_EXAMPLE = "SC-XXXX-XXXX-XXXX-XXXX-X"


def _times_x(value: int) -> int:
    """Multiply by x in GF(32) = GF(2)[x] / (x^5 + x^2 + 1)."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def _check_character(body: str) -> str:
    """Damm's scheme over the quasigroup u * v = x*u + v of GF(32): the sum of x^k times each character.

    Linear over GF(32), so changing one character always changes the sum (x^k is never 0), and swapping
    neighbours u, v changes it by x^k (x + 1)(u + v), never 0 when u != v: every single mistyped character and
    every swap of neighbours (the check character included) is caught.
    """
    interim = 0
    for char in body:
        interim = _times_x(interim) ^ _VALUE[char]
    return ALPHABET[_times_x(interim)]


def format_receipt(body: str) -> str:
    """The printed form of a 16-character body: prefix, four groups of four, check character.

    >>> format_receipt("0000000000000000")
    'SC-0000-0000-0000-0000-0'
    """
    groups = [body[i : i + 4] for i in range(0, _BODY, 4)]
    return "-".join([PREFIX, *groups, _check_character(body)])


def new_receipt(entropy: Callable[[int], bytes]) -> str:
    """A fresh receipt from 10 bytes of `entropy` (the adapter passes `secrets.token_bytes`)."""
    raw = entropy(10)
    if len(raw) != 10:
        raise ValueError("entropy must return exactly the number of bytes asked for")
    number = int.from_bytes(raw, "big")
    body = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(_BODY)))
    return format_receipt(body)


def parse_receipt(text: str) -> str:
    """The canonical receipt for what a person typed, or ReceiptError saying what is wrong.

    >>> parse_receipt(" sc 0000 oooo 0000 0000 o ")
    'SC-0000-0000-0000-0000-0'
    """
    compact = "".join(ch for ch in text.upper() if ch not in " -.\t").translate(_READ_AS)
    if compact.startswith(PREFIX) and len(compact) == len(PREFIX) + _BODY + 1:
        compact = compact[len(PREFIX) :]
    if len(compact) != _BODY + 1 or any(ch not in _VALUE for ch in compact):
        raise ReceiptError(
            f"not a receipt number: it has the form {_EXAMPLE} (16 letters and digits, then one check "
            "character)",
            code="receipt_format",
        )
    body, check = compact[:_BODY], compact[_BODY]
    if _check_character(body) != check:
        raise ReceiptError(
            "this receipt number has a typing mistake (its check character does not match); compare it "
            "with the receipt character by character",
            code="receipt_check",
        )
    return format_receipt(body)
