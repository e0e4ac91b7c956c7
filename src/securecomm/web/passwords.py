"""Password hashing with argon2id, and the few rules a password must meet.

The default parameters are RFC 9106's second recommendation ("low memory": t=3, 64 MiB, 4 lanes), the
argon2-cffi default; hashing one password takes about 0.1-0.7 s here, which is what makes a stolen hash
expensive to attack. Hashes carry their parameters, so a hash made with other parameters still verifies
and is upgraded at the next sign-in. `FAST_FOR_TESTS` exists only so the test suite can sign in hundreds
of times; nothing outside tests uses it.
"""

from __future__ import annotations

from argon2 import Parameters, PasswordHasher, Type, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from securecomm.errors import BadInput

__all__ = ["FAST_FOR_TESTS", "MIN_LENGTH", "STRONG", "PasswordPolicyError", "Passwords"]

STRONG: Parameters = profiles.RFC_9106_LOW_MEMORY
FAST_FOR_TESTS = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=1, memory_cost=1024, parallelism=1
)
MIN_LENGTH = 8
MAX_LENGTH = 1024  # argon2 takes any length; a bound keeps a request from costing unbounded memory


class PasswordPolicyError(BadInput):
    """A new password does not meet the rules (too short, too long, control characters)."""


class Passwords:
    """Hash and verify passwords with fixed argon2id parameters."""

    def __init__(self, parameters: Parameters = STRONG) -> None:
        self.parameters = parameters
        self._hasher = PasswordHasher.from_parameters(parameters)
        # Verifying against this when a username is unknown makes both answers take the same time.
        self._decoy = self._hasher.hash("securecomm decoy password")

    def check_new(self, password: str, *, where: str) -> None:
        """Refuse a password that would be weak or that a form or a pipe has mangled."""
        if len(password) < MIN_LENGTH:
            raise PasswordPolicyError(f"a password needs at least {MIN_LENGTH} characters", where=where)
        if len(password) > MAX_LENGTH:
            raise PasswordPolicyError(f"a password may have at most {MAX_LENGTH} characters", where=where)
        if any(ord(c) < 32 or ord(c) == 127 for c in password):
            raise PasswordPolicyError(
                "a password may not contain control characters (tabs, newlines)", where=where
            )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """True when `password` matches `stored_hash`; a missing or corrupt hash never matches."""
        if len(password) > MAX_LENGTH:
            return False
        try:
            return self._hasher.verify(stored_hash or self._decoy, password) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)
