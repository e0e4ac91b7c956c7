"""The offenses synthetic people are booked for: NCIC Uniform Offense Classification codes and their mix.

Codes are the 4-digit NCIC codes; the first two digits are the family (09 homicide, 13 assault, 35 dangerous
drugs, 54 traffic, ...). The family table belongs to the rules (offense levels) once `securecomm.rules`
owns one; until then `OffenseFamily` here names the families this world uses, by their NCIC prefix.

`share` is the chance that a booking's most serious charge is this offense. The shares follow the FBI's
estimated arrests by offense for 2010 (Crime in the United States 2010, table 29: drug abuse violations,
DUI, larceny-theft and "other assaults" lead), with non-DUI traffic bookings added (not counted by UCR,
yet the most frequent charge among SC removals with a known charge — GAO-12-708). They are orders of
magnitude [U], documented in docs/synthetic-world.md §3.2, and replaceable through `WorldParameters`.
`felony_rate` is the chance a booking on this offense is a felony charge (statutes differ by state).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["DEFAULT_OFFENSE_MIX", "OFFENSES", "Offense", "OffenseFamily", "offense"]


class OffenseFamily(enum.StrEnum):
    """NCIC offense families used here, valued by their 2-digit code prefix."""

    IMMIGRATION = "03"
    HOMICIDE = "09"
    KIDNAPPING = "10"
    SEXUAL_ASSAULT = "11"
    ROBBERY = "12"
    ASSAULT = "13"
    ARSON = "20"
    BURGLARY = "22"
    LARCENY = "23"
    STOLEN_VEHICLE = "24"
    FORGERY = "25"
    FRAUD = "26"
    STOLEN_PROPERTY = "28"
    DAMAGE_PROPERTY = "29"
    DANGEROUS_DRUGS = "35"
    SEX_OFFENSES = "36"
    FAMILY_OFFENSES = "38"
    COMMERCIAL_SEX = "40"
    LIQUOR = "41"
    OBSTRUCT_POLICE = "48"
    OBSTRUCT_JUDICIARY = "50"
    WEAPONS = "52"
    PUBLIC_PEACE = "53"
    TRAFFIC = "54"
    INVASION_OF_PRIVACY = "57"


@dataclass(frozen=True, slots=True)
class Offense:
    """One NCIC offense code with what the world needs to know to book and sentence for it."""

    code: str
    description: str
    share: float
    felony_rate: float
    traffic: bool = False
    domestic: bool = False  # committed against a family member by definition (3803, 3810)

    @property
    def family(self) -> OffenseFamily:
        return OffenseFamily(self.code[:2])


# Shares sum to 1 (checked in tests). Ordered by family code.
OFFENSES: tuple[Offense, ...] = (
    Offense("0911", "Homicide - willful kill - gun", 0.001, 1.0),
    Offense("1099", "Kidnapping", 0.001, 1.0),
    Offense("1199", "Sexual assault", 0.003, 1.0),
    Offense("1299", "Robbery", 0.012, 1.0),
    Offense("1301", "Aggravated assault - firearm", 0.010, 1.0),
    Offense("1302", "Aggravated assault - hands, fists, feet", 0.020, 1.0),
    Offense("1313", "Simple assault", 0.095, 0.0),
    Offense("1314", "Harassment, threat to inflict injury", 0.010, 0.1),
    Offense("2099", "Arson", 0.001, 1.0),
    Offense("2202", "Burglary - forced entry - residence", 0.015, 0.9),
    Offense("2299", "Burglary", 0.015, 0.8),
    Offense("2303", "Shoplifting", 0.050, 0.05),
    Offense("2399", "Larceny", 0.050, 0.3),
    Offense("2499", "Stolen vehicle", 0.010, 0.7),
    Offense("2599", "Forgery", 0.007, 0.6),
    Offense("2699", "Fraud", 0.013, 0.4),
    Offense("2804", "Possession of stolen property", 0.010, 0.4),
    Offense("2999", "Damage to property", 0.030, 0.1),
    Offense("3532", "Cocaine - possess", 0.030, 0.6),
    Offense("3530", "Cocaine - sell", 0.010, 1.0),
    Offense("3562", "Marijuana - possess", 0.055, 0.05),
    Offense("3560", "Marijuana - sell", 0.010, 0.7),
    Offense("3572", "Amphetamine - possess", 0.025, 0.6),
    Offense("3599", "Dangerous drugs", 0.010, 0.5),
    Offense("3699", "Sex offense", 0.008, 0.6),
    Offense("3803", "Cruelty toward spouse", 0.020, 0.2, domestic=True),
    Offense("3810", "Violation of a protection order", 0.010, 0.1, domestic=True),
    Offense("4004", "Prostitution", 0.005, 0.0),
    Offense("4199", "Liquor law violation", 0.050, 0.0),
    Offense("4801", "Resisting an officer", 0.020, 0.2),
    Offense("5012", "Probation violation", 0.045, 0.5),
    Offense("5015", "Failure to appear", 0.045, 0.2),
    Offense("5202", "Carrying a concealed weapon", 0.015, 0.5),
    Offense("5311", "Disorderly conduct", 0.060, 0.0),
    Offense("5401", "Hit and run", 0.005, 0.3, traffic=True),
    Offense("5403", "Driving under the influence - drugs", 0.010, 0.05, traffic=True),
    Offense("5404", "Driving under the influence - liquor", 0.110, 0.05, traffic=True),
    Offense("5405", "Moving traffic violation", 0.020, 0.0, traffic=True),
    Offense("5499", "Traffic offense (driving without a valid licence)", 0.070, 0.0, traffic=True),
    Offense("5707", "Trespassing", 0.014, 0.0),
)

_BY_CODE = {o.code: o for o in OFFENSES}
DEFAULT_OFFENSE_MIX: tuple[tuple[str, float], ...] = tuple((o.code, o.share) for o in OFFENSES)


def offense(code: str) -> Offense:
    """The offense with this NCIC code (KeyError names the code if the world does not use it).

    >>> offense("5404").family
    <OffenseFamily.TRAFFIC: '54'>
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"NCIC code {code!r} is not one the synthetic world books for") from None
