"""Countries of birth, languages and names of synthetic people.

Country mixes by status group follow the broad shape of DHS and Pew estimates for about 2010 [U]: Mexico
about three fifths of the unauthorised population and a quarter of LPRs, then Central America, the
Caribbean and Asia; overstays come from a wider set of countries. Codes are ISO 3166-1 alpha-2; languages
ISO 639-1 (the language a notice should be served in). Names are common surnames and given names of each
language group, combined at random: they belong to nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from securecomm.synth.status import TrueStatus

__all__ = ["COUNTRY_LANGUAGE", "NAMES", "country_mix_for", "language_of"]

_UNAUTHORISED: Mapping[str, float] = MappingProxyType(
    {
        "MX": 0.59, "GT": 0.08, "SV": 0.07, "HN": 0.06, "DO": 0.02, "EC": 0.02, "CN": 0.02, "IN": 0.02,
        "CO": 0.01, "PE": 0.01, "BR": 0.01, "HT": 0.01, "VN": 0.01, "PH": 0.01, "KR": 0.01, "JM": 0.01,
        "NI": 0.01, "CU": 0.005, "PL": 0.005, "NG": 0.005, "EG": 0.005, "MA": 0.005, "SN": 0.005,
    }
)  # fmt: skip
_TEMPORARY: Mapping[str, float] = MappingProxyType(
    {
        "MX": 0.20, "IN": 0.08, "CN": 0.08, "PH": 0.05, "BR": 0.05, "CO": 0.05, "KR": 0.04, "VE": 0.04,
        "DO": 0.03, "HT": 0.03, "GB": 0.03, "CA": 0.03, "NG": 0.03, "JM": 0.03, "PE": 0.03, "EC": 0.03,
        "VN": 0.03, "EG": 0.02, "MA": 0.02, "PL": 0.02, "RU": 0.02, "FR": 0.02, "PT": 0.01, "SN": 0.01,
        "PK": 0.01,
    }
)  # fmt: skip
_SETTLED: Mapping[str, float] = MappingProxyType(
    {
        "MX": 0.27, "PH": 0.05, "IN": 0.05, "CN": 0.05, "VN": 0.05, "CU": 0.04, "SV": 0.04, "DO": 0.04,
        "KR": 0.03, "JM": 0.03, "HT": 0.03, "GT": 0.02, "CO": 0.02, "CA": 0.02, "GB": 0.02, "PL": 0.02,
        "PE": 0.02, "EC": 0.02, "HN": 0.02, "PK": 0.01, "IR": 0.01, "RU": 0.01, "BR": 0.01, "NG": 0.01,
        "EG": 0.01, "IQ": 0.01, "LB": 0.01, "DE": 0.01, "PT": 0.01, "TT": 0.01,
    }
)  # fmt: skip

COUNTRY_LANGUAGE: Mapping[str, str] = MappingProxyType(
    {
        "US": "en", "GB": "en", "CA": "en", "JM": "en", "TT": "en", "NG": "en",
        "MX": "es", "GT": "es", "SV": "es", "HN": "es", "NI": "es", "DO": "es", "CU": "es", "EC": "es",
        "CO": "es", "PE": "es", "VE": "es",
        "BR": "pt", "PT": "pt", "CN": "zh", "VN": "vi", "PH": "tl", "HT": "ht", "FR": "fr", "SN": "fr",
        "EG": "ar", "MA": "ar", "IQ": "ar", "LB": "ar", "IN": "hi", "KR": "ko", "PK": "ur", "IR": "fa",
        "RU": "ru", "PL": "pl", "DE": "de",
    }
)  # fmt: skip

# (male given names, female given names, surnames) per language; "xx" serves languages without a list.
NAMES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = MappingProxyType(
    {
        "en": (
            ("James", "John", "Robert", "Michael", "William", "David", "Joseph", "Charles"),
            ("Mary", "Patricia", "Linda", "Barbara", "Elizabeth", "Jennifer", "Maria", "Susan"),
            (
                "Smith",
                "Johnson",
                "Williams",
                "Brown",
                "Jones",
                "Miller",
                "Davis",
                "Wilson",
                "Moore",
                "Taylor",
            ),
        ),
        "es": (
            ("José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Francisco", "Jesús"),
            ("María", "Guadalupe", "Ana", "Rosa", "Carmen", "Juana", "Patricia", "Elena"),
            (
                "García",
                "Hernández",
                "Martínez",
                "López",
                "González",
                "Rodríguez",
                "Pérez",
                "Sánchez",
                "Ramírez",
                "Flores",
            ),
        ),
        "zh": (
            ("Wei", "Jun", "Lei", "Jian", "Hao", "Ming", "Yong", "Qiang"),
            ("Fang", "Li", "Na", "Min", "Jing", "Xiu", "Yan", "Hui"),
            ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"),
        ),
        "vi": (
            ("Minh", "Tuan", "Hung", "Duc", "Long", "Nam", "Quang", "Thanh"),
            ("Lan", "Hoa", "Huong", "Mai", "Linh", "Thu", "Ngoc", "Trang"),
            ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do"),
        ),
        "tl": (
            ("Jose", "Mark", "Juan", "Ramon", "Eduardo", "Rodrigo", "Antonio", "Paolo"),
            ("Maria", "Rosalinda", "Jocelyn", "Marites", "Lorna", "Cristina", "Analyn", "Josefina"),
            (
                "Santos",
                "Reyes",
                "Cruz",
                "Bautista",
                "Ocampo",
                "Garcia",
                "Mendoza",
                "Torres",
                "Villanueva",
                "Ramos",
            ),
        ),
        "ht": (
            ("Jean", "Pierre", "Jacques", "Joseph", "Emmanuel", "Frantz", "Wilner", "Rony"),
            ("Marie", "Nadège", "Guerline", "Mireille", "Rose", "Fabienne", "Islande", "Jocelyne"),
            (
                "Jean-Baptiste",
                "Pierre",
                "Joseph",
                "Louis",
                "Charles",
                "Desir",
                "Exantus",
                "Saint-Fleur",
                "Alexis",
                "Augustin",
            ),
        ),
        "pt": (
            ("João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Marcos"),
            ("Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda"),
            (
                "Silva",
                "Santos",
                "Oliveira",
                "Souza",
                "Rodrigues",
                "Ferreira",
                "Alves",
                "Pereira",
                "Lima",
                "Costa",
            ),
        ),
        "fr": (
            ("Mamadou", "Jean", "Moussa", "Pierre", "Ibrahima", "Michel", "Abdoulaye", "Alain"),
            ("Fatou", "Marie", "Aminata", "Nathalie", "Awa", "Isabelle", "Mariama", "Sylvie"),
            ("Diallo", "Ndiaye", "Martin", "Bernard", "Diop", "Dubois", "Fall", "Moreau", "Sow", "Laurent"),
        ),
        "ar": (
            ("Mohamed", "Ahmed", "Ali", "Omar", "Youssef", "Mustafa", "Hassan", "Khaled"),
            ("Fatima", "Amina", "Mariam", "Nour", "Layla", "Huda", "Salma", "Rania"),
            (
                "Hassan",
                "Ali",
                "Ibrahim",
                "Mahmoud",
                "Abdullah",
                "Saleh",
                "Haddad",
                "Khalil",
                "Nasser",
                "Aziz",
            ),
        ),
        "xx": (
            ("Alexander", "Daniel", "Adam", "Samuel", "Ivan", "Rahul", "Min-jun", "Reza"),
            ("Anna", "Sofia", "Olga", "Priya", "Ji-woo", "Zahra", "Katarzyna", "Aisha"),
            ("Kim", "Singh", "Kowalski", "Ivanov", "Patel", "Khan", "Park", "Müller", "Hosseini", "Novak"),
        ),
    }
)


def country_mix_for(status: TrueStatus) -> Mapping[str, float]:
    """Countries of birth (weights, not normalised) for foreign-born people of this status."""
    if status in (TrueStatus.EWI, TrueStatus.FINAL_ORDER, TrueStatus.REENTRY):
        return _UNAUTHORISED
    if status in (TrueStatus.NONIMMIGRANT, TrueStatus.OVERSTAY):
        return _TEMPORARY
    return _SETTLED


def language_of(country: str) -> str:
    """The usual language of a country of birth (ISO 639-1; "en" where unknown).

    >>> language_of("HT"), language_of("MX")
    ('ht', 'es')
    """
    return COUNTRY_LANGUAGE.get(country, "en")
