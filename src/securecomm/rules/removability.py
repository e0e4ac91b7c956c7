"""Whether a case's person can be the subject of immigration enforcement at all.

Priorities and detainers concern removable noncitizens. A United States citizen, by birth or
naturalization, never is; an LPR or a visa holder in status becomes removable only on a ground of
removal (a conviction, fraud, visa abuse), which the officer establishes: the rules report the
possibility and never assume it.
"""

from __future__ import annotations

import enum

from securecomm.rules.case import Case, ImmigrationStatus

__all__ = ["Removability", "removability"]


class Removability(enum.StrEnum):
    NOT_REMOVABLE = "not_removable"  # a United States citizen
    NEEDS_GROUND = "needs_ground"  # LPR or visa holder with no ground of removal on the record
    POSSIBLE_GROUND = "possible_ground"  # LPR or visa holder with a conviction, fraud or visa abuse on record
    REMOVABLE = "removable"  # no lawful status, a final order, or re-entry after removal


def removability(case: Case) -> tuple[Removability, str]:
    """Classify the person's exposure to removal from the immigration block of the case."""
    status = case.immigration.status
    if status in (ImmigrationStatus.USC, ImmigrationStatus.NATURALIZED):
        return Removability.NOT_REMOVABLE, (
            f"Immigration status {status}: a United States citizen is not removable; no enforcement priority "
            "or detainer applies."
        )
    if status in (ImmigrationStatus.LPR, ImmigrationStatus.VISA):
        grounds = []
        if case.convictions:
            grounds.append(f"{len(case.convictions)} conviction(s)")
        if case.immigration.fraud:
            grounds.append("immigration fraud")
        if case.immigration.visa_abuse:
            grounds.append("visa abuse")
        if grounds:
            return Removability.POSSIBLE_GROUND, (
                f"Immigration status {status}: removable only on a ground of removal; on record: "
                f"{', '.join(grounds)} (an officer must establish the ground)."
            )
        return Removability.NEEDS_GROUND, (
            f"Immigration status {status}: lawfully present, and no ground of removal is on record."
        )
    return (
        Removability.REMOVABLE,
        f"Immigration status {status}: present without lawful status or under an order.",
    )
