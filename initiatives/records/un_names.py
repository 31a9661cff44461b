"""The UN's own spellings of its 193 Member States and its 2 observer States, mapped to codes.

Codes are the project's: ISO 3166-1 alpha-3 as pycountry has them (XKX for Kosovo, which the UN
does not seat). Names are matched exactly after folding case, accents and punctuation, so
"Côte d'Ivoire", "COTE D'IVOIRE" and "Côte D'Ivoire" are one name, and "Venezuela (Bolivarian
Republic of)" is "Venezuela, Bolivarian Republic of"; nothing else is guessed. A name that is
not in the table is reported (``lookup`` says why), never matched to the nearest one.

Where the spellings come from (each is an exact alias, not a pattern):

- ``MEMBER_STATES``: the UN's short names and admission dates, as on the UN's Member States page
  (https://www.un.org/en/about-us/member-states; dates as in the UN's roster of Members).
- The Digital Library's capitals in its voting records ("UNITED KINGDOM", "TURKIYE",
  "NETHERLANDS (KINGDOM OF THE)") and the older names its earlier records use ("TURKEY",
  "SWAZILAND", "THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA", "CZECH REPUBLIC").
- The forms meeting coverage (press.un.org) prints in its vote lists ("United Kingdom",
  "United States", "Iran", "Syria", "Bolivia", "Venezuela", "Kingdom of the Netherlands").
- pycountry's name, official name and common name for the same codes (the project's code source).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry


@dataclass(frozen=True)
class MemberState:
    """A UN Member State (or observer State): its code, the UN's short name, when it was admitted."""

    code: str
    name: str
    admitted: dt.date | None = None
    observer: bool = False


def _members(rows: str) -> tuple[MemberState, ...]:
    members = []
    for line in rows.strip().splitlines():
        code, admitted, name = line.split(" ", 2)
        members.append(MemberState(code=code, name=name, admitted=dt.date.fromisoformat(admitted)))
    return tuple(members)


# Code, date of admission, the UN's short name.
MEMBER_STATES: tuple[MemberState, ...] = _members("""
AFG 1946-11-19 Afghanistan
ALB 1955-12-14 Albania
DZA 1962-10-08 Algeria
AND 1993-07-28 Andorra
AGO 1976-12-01 Angola
ATG 1981-11-11 Antigua and Barbuda
ARG 1945-10-24 Argentina
ARM 1992-03-02 Armenia
AUS 1945-11-01 Australia
AUT 1955-12-14 Austria
AZE 1992-03-02 Azerbaijan
BHS 1973-09-18 Bahamas
BHR 1971-09-21 Bahrain
BGD 1974-09-17 Bangladesh
BRB 1966-12-09 Barbados
BLR 1945-10-24 Belarus
BEL 1945-12-27 Belgium
BLZ 1981-09-25 Belize
BEN 1960-09-20 Benin
BTN 1971-09-21 Bhutan
BOL 1945-11-14 Bolivia (Plurinational State of)
BIH 1992-05-22 Bosnia and Herzegovina
BWA 1966-10-17 Botswana
BRA 1945-10-24 Brazil
BRN 1984-09-21 Brunei Darussalam
BGR 1955-12-14 Bulgaria
BFA 1960-09-20 Burkina Faso
BDI 1962-09-18 Burundi
CPV 1975-09-16 Cabo Verde
KHM 1955-12-14 Cambodia
CMR 1960-09-20 Cameroon
CAN 1945-11-09 Canada
CAF 1960-09-20 Central African Republic
TCD 1960-09-20 Chad
CHL 1945-10-24 Chile
CHN 1945-10-24 China
COL 1945-11-05 Colombia
COM 1975-11-12 Comoros
COG 1960-09-20 Congo
CRI 1945-11-02 Costa Rica
CIV 1960-09-20 Côte d'Ivoire
HRV 1992-05-22 Croatia
CUB 1945-10-24 Cuba
CYP 1960-09-20 Cyprus
CZE 1993-01-19 Czechia
PRK 1991-09-17 Democratic People's Republic of Korea
COD 1960-09-20 Democratic Republic of the Congo
DNK 1945-10-24 Denmark
DJI 1977-09-20 Djibouti
DMA 1978-12-18 Dominica
DOM 1945-10-24 Dominican Republic
ECU 1945-12-21 Ecuador
EGY 1945-10-24 Egypt
SLV 1945-10-24 El Salvador
GNQ 1968-11-12 Equatorial Guinea
ERI 1993-05-28 Eritrea
EST 1991-09-17 Estonia
SWZ 1968-09-24 Eswatini
ETH 1945-11-13 Ethiopia
FJI 1970-10-13 Fiji
FIN 1955-12-14 Finland
FRA 1945-10-24 France
GAB 1960-09-20 Gabon
GMB 1965-09-21 Gambia
GEO 1992-07-31 Georgia
DEU 1973-09-18 Germany
GHA 1957-03-08 Ghana
GRC 1945-10-25 Greece
GRD 1974-09-17 Grenada
GTM 1945-11-21 Guatemala
GIN 1958-12-12 Guinea
GNB 1974-09-17 Guinea-Bissau
GUY 1966-09-20 Guyana
HTI 1945-10-24 Haiti
HND 1945-12-17 Honduras
HUN 1955-12-14 Hungary
ISL 1946-11-19 Iceland
IND 1945-10-30 India
IDN 1950-09-28 Indonesia
IRN 1945-10-24 Iran (Islamic Republic of)
IRQ 1945-12-21 Iraq
IRL 1955-12-14 Ireland
ISR 1949-05-11 Israel
ITA 1955-12-14 Italy
JAM 1962-09-18 Jamaica
JPN 1956-12-18 Japan
JOR 1955-12-14 Jordan
KAZ 1992-03-02 Kazakhstan
KEN 1963-12-16 Kenya
KIR 1999-09-14 Kiribati
KWT 1963-05-14 Kuwait
KGZ 1992-03-02 Kyrgyzstan
LAO 1955-12-14 Lao People's Democratic Republic
LVA 1991-09-17 Latvia
LBN 1945-10-24 Lebanon
LSO 1966-10-17 Lesotho
LBR 1945-11-02 Liberia
LBY 1955-12-14 Libya
LIE 1990-09-18 Liechtenstein
LTU 1991-09-17 Lithuania
LUX 1945-10-24 Luxembourg
MDG 1960-09-20 Madagascar
MWI 1964-12-01 Malawi
MYS 1957-09-17 Malaysia
MDV 1965-09-21 Maldives
MLI 1960-09-28 Mali
MLT 1964-12-01 Malta
MHL 1991-09-17 Marshall Islands
MRT 1961-10-27 Mauritania
MUS 1968-04-24 Mauritius
MEX 1945-11-07 Mexico
FSM 1991-09-17 Micronesia (Federated States of)
MCO 1993-05-28 Monaco
MNG 1961-10-27 Mongolia
MNE 2006-06-28 Montenegro
MAR 1956-11-12 Morocco
MOZ 1975-09-16 Mozambique
MMR 1948-04-19 Myanmar
NAM 1990-04-23 Namibia
NRU 1999-09-14 Nauru
NPL 1955-12-14 Nepal
NLD 1945-12-10 Netherlands (Kingdom of the)
NZL 1945-10-24 New Zealand
NIC 1945-10-24 Nicaragua
NER 1960-09-20 Niger
NGA 1960-10-07 Nigeria
MKD 1993-04-08 North Macedonia
NOR 1945-11-27 Norway
OMN 1971-10-07 Oman
PAK 1947-09-30 Pakistan
PLW 1994-12-15 Palau
PAN 1945-11-13 Panama
PNG 1975-10-10 Papua New Guinea
PRY 1945-10-24 Paraguay
PER 1945-10-31 Peru
PHL 1945-10-24 Philippines
POL 1945-10-24 Poland
PRT 1955-12-14 Portugal
QAT 1971-09-21 Qatar
KOR 1991-09-17 Republic of Korea
MDA 1992-03-02 Republic of Moldova
ROU 1955-12-14 Romania
RUS 1945-10-24 Russian Federation
RWA 1962-09-18 Rwanda
KNA 1983-09-23 Saint Kitts and Nevis
LCA 1979-09-18 Saint Lucia
VCT 1980-09-16 Saint Vincent and the Grenadines
WSM 1976-12-15 Samoa
SMR 1992-03-02 San Marino
STP 1975-09-16 Sao Tome and Principe
SAU 1945-10-24 Saudi Arabia
SEN 1960-09-28 Senegal
SRB 2000-11-01 Serbia
SYC 1976-09-21 Seychelles
SLE 1961-09-27 Sierra Leone
SGP 1965-09-21 Singapore
SVK 1993-01-19 Slovakia
SVN 1992-05-22 Slovenia
SLB 1978-09-19 Solomon Islands
SOM 1960-09-20 Somalia
ZAF 1945-11-07 South Africa
SSD 2011-07-14 South Sudan
ESP 1955-12-14 Spain
LKA 1955-12-14 Sri Lanka
SDN 1956-11-12 Sudan
SUR 1975-12-04 Suriname
SWE 1946-11-19 Sweden
CHE 2002-09-10 Switzerland
SYR 1945-10-24 Syrian Arab Republic
TJK 1992-03-02 Tajikistan
THA 1946-12-16 Thailand
TLS 2002-09-27 Timor-Leste
TGO 1960-09-20 Togo
TON 1999-09-14 Tonga
TTO 1962-09-18 Trinidad and Tobago
TUN 1956-11-12 Tunisia
TUR 1945-10-24 Türkiye
TKM 1992-03-02 Turkmenistan
TUV 2000-09-05 Tuvalu
UGA 1962-10-25 Uganda
UKR 1945-10-24 Ukraine
ARE 1971-12-09 United Arab Emirates
GBR 1945-10-24 United Kingdom of Great Britain and Northern Ireland
TZA 1961-12-14 United Republic of Tanzania
USA 1945-10-24 United States of America
URY 1945-12-18 Uruguay
UZB 1992-03-02 Uzbekistan
VUT 1981-09-15 Vanuatu
VEN 1945-11-15 Venezuela (Bolivarian Republic of)
VNM 1977-09-20 Viet Nam
YEM 1947-09-30 Yemen
ZMB 1964-12-01 Zambia
ZWE 1980-08-25 Zimbabwe
""")

# The two non-member observer States: the Holy See, and the State of Palestine (General Assembly
# resolution 67/19 of 29 November 2012). They speak in the Assembly but do not vote.
OBSERVER_STATES: tuple[MemberState, ...] = (
    MemberState(code="VAT", name="Holy See", observer=True),
    MemberState(code="PSE", name="State of Palestine", observer=True),
)

MEMBER_CODES: frozenset[str] = frozenset(member.code for member in MEMBER_STATES)
OBSERVER_CODES: frozenset[str] = frozenset(observer.code for observer in OBSERVER_STATES)

# More spellings of the same States, as the UN's own records print them.
UN_SPELLINGS: dict[str, tuple[str, ...]] = {
    # The Digital Library's capitals where they differ from the short name in more than case.
    "GBR": ("United Kingdom", "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND"),
    "USA": ("United States",),
    "TUR": ("TURKIYE", "Turkey", "Republic of Türkiye"),
    "NLD": ("Netherlands", "Kingdom of the Netherlands"),
    # The Member States page's own forms.
    "GMB": ("Gambia (Republic of The)", "The Gambia"),
    # Meeting coverage's short forms in vote lists.
    "BOL": ("Bolivia",),
    "IRN": ("Iran",),
    "SYR": ("Syria",),
    "VEN": ("Venezuela",),
    "FSM": ("Federated States of Micronesia", "Micronesia"),
    # Older names in earlier records (same State, same seat).
    "SWZ": ("Swaziland", "Kingdom of Eswatini"),
    "MKD": ("The former Yugoslav Republic of Macedonia", "Former Yugoslav Republic of Macedonia"),
    "CZE": ("Czech Republic",),
    "CPV": ("Cape Verde",),
    "CIV": ("Ivory Coast",),
    "MMR": ("Burma",),
    "COD": ("Zaire", "Congo (Democratic Republic of)", "Congo (Leopoldville)"),
    "COG": ("Congo (Brazzaville)",),
    "LBY": ("Libyan Arab Jamahiriya", "Libyan Arab Republic"),
    "KHM": ("Democratic Kampuchea", "Khmer Republic"),
    "LKA": ("Ceylon",),
    "BEN": ("Dahomey",),
    "BFA": ("Upper Volta",),
    "SUR": ("Surinam",),
    "MDV": ("Maldive Islands",),
    "CAF": ("Central African Empire",),
    "LAO": ("Laos",),
    "BLR": ("Byelorussian SSR", "Byelorussian Soviet Socialist Republic"),
    "UKR": ("Ukrainian SSR", "Ukrainian Soviet Socialist Republic"),
    "ZAF": ("Union of South Africa",),
    "DEU": ("Germany, Federal Republic of", "Federal Republic of Germany"),
    "TZA": ("Tanganyika",),
    # Observers.
    "VAT": ("Holy See",),
    "PSE": ("Palestine", "State of Palestine"),
}

# Not a UN seat, but a code the project uses; the Council of Europe and others list it.
OTHER_PLACES: dict[str, tuple[str, ...]] = {"XKX": ("Kosovo",)}

# Names that appear in old records for States that no longer exist: known, so reported as such,
# and never mapped to a successor (that would put a vote in a State's mouth that it did not cast).
FORMER_MEMBERS: frozenset[str] = frozenset(
    {
        "USSR",
        "Union of Soviet Socialist Republics",
        "Yugoslavia",
        "Czechoslovakia",
        "German Democratic Republic",
        "Democratic Yemen",
        "Southern Yemen",
        "Serbia and Montenegro",
        "United Arab Republic",
        "Zanzibar",
    }
)
# Names that could be more than one State: reported, never guessed.
AMBIGUOUS: frozenset[str] = frozenset({"Korea"})

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(name: str) -> str:
    """The matching key of a name: no accents, case or punctuation, single spaces."""
    name = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    name = "".join(char for char in name if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", name.casefold()).strip()


@cache
def _table() -> dict[str, str]:
    """fold(name) -> code for every spelling; two codes under one key is a bug, so it raises."""
    spellings: dict[str, set[str]] = {}

    def add(code: str, names: Iterable[str]) -> None:
        for name in names:
            if name:
                spellings.setdefault(fold(name), set()).add(code)

    for state in MEMBER_STATES + OBSERVER_STATES:
        add(state.code, [state.name])
        country = pycountry.countries.get(alpha_3=state.code)
        if country is not None:
            add(state.code, [getattr(country, key, "") for key in ("name", "official_name", "common_name")])
    for code, names in {**UN_SPELLINGS, **OTHER_PLACES}.items():
        add(code, names)
    clashes = {key: codes for key, codes in spellings.items() if len(codes) > 1}
    if clashes:
        raise RuntimeError(f"UN spellings that fold to one key for several codes: {clashes}")
    return {key: codes.pop() for key, codes in spellings.items()}


_FORMER = frozenset(fold(name) for name in FORMER_MEMBERS)
_AMBIGUOUS = frozenset(fold(name) for name in AMBIGUOUS)


@dataclass(frozen=True)
class NameLookup:
    """The result of looking a name up: its code, or None and the reason in words."""

    name: str
    code: str | None
    reason: str = ""


def lookup(name: str) -> NameLookup:
    """Look up one name as a source wrote it. Never raises; an unknown name says why."""
    key = fold(name)
    if not key:
        return NameLookup(name, None, "an empty name")
    code = _table().get(key)
    if code:
        return NameLookup(name, code)
    if key in _FORMER:
        return NameLookup(name, None, "a former Member State, not one of today's Members")
    if key in _AMBIGUOUS:
        return NameLookup(name, None, "could be more than one State")
    return NameLookup(name, None, "not a UN spelling of any Member or observer State")


def code_for(name: str) -> str | None:
    """The code for a name, or None if the name is not one the UN uses for a State it seats."""
    return lookup(name).code


def member(code: str) -> MemberState | None:
    """The Member (or observer) State with this code."""
    return next((state for state in MEMBER_STATES + OBSERVER_STATES if state.code == code), None)


def members_on(day: dt.date) -> frozenset[str]:
    """The codes of the States that were Members on a date (today's 193, by their admission dates).

    States that have since merged or dissolved are not in the table, so before 2011 this is a
    subset of that day's membership; the votes this project tracks are all after 2019.
    """
    return frozenset(state.code for state in MEMBER_STATES if state.admitted and state.admitted <= day)


def not_listed(codes: Iterable[str], *, on: dt.date | None = None) -> list[str]:
    """Members (on a date, if given) missing from ``codes``: who a roll call does not name."""
    expected = members_on(on) if on else MEMBER_CODES
    return sorted(expected - set(codes))
