"""The UN's spellings of its Members and observers map to the project's codes, exactly or not at all."""

import datetime as dt
import json
from pathlib import Path

import pycountry
import pytest

from initiatives.records import un_names

DATA = Path(__file__).parent / "data" / "records"


def fixture_names(name):
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            spelling, code = line.split("\t")
            rows.append((spelling, code))
    return rows


def test_it_lists_the_193_members_the_project_counts_as_un_members():
    path = Path(__file__).parents[1] / "initiatives" / "data" / "organisations.json"
    organisations = json.loads(path.read_text(encoding="utf-8"))
    un = next(o for o in organisations["organisations"] if o["code"] == "UN")
    project_members = {c.alpha_3 for c in pycountry.countries} - set(un["not_members"])
    assert len(un_names.MEMBER_STATES) == 193
    assert project_members == un_names.MEMBER_CODES
    assert {s.code for s in un_names.OBSERVER_STATES} == {"VAT", "PSE"}


def test_every_member_has_an_admission_date_from_1945_on():
    assert all(dt.date(1945, 10, 24) <= s.admitted <= dt.date(2011, 7, 14) for s in un_names.MEMBER_STATES)
    assert un_names.member("SSD").admitted == dt.date(2011, 7, 14)
    assert un_names.member("CHE").admitted == dt.date(2002, 9, 10)
    assert len(un_names.members_on(dt.date(2011, 7, 13))) == 192
    assert len(un_names.members_on(dt.date(2025, 12, 1))) == 193


@pytest.mark.parametrize("spelling, code", fixture_names("un_member_states.txt"))
def test_each_member_states_page_spelling_maps(spelling, code):
    assert un_names.code_for(spelling) == code


def test_the_member_states_page_list_covers_all_193_once():
    codes = [code for _, code in fixture_names("un_member_states.txt")]
    assert len(codes) == 193 and set(codes) == un_names.MEMBER_CODES


@pytest.mark.parametrize("spelling, code", fixture_names("undl_names_2025.txt"))
def test_each_digital_library_capital_spelling_maps(spelling, code):
    assert un_names.code_for(spelling) == code


@pytest.mark.parametrize(
    "spelling, code",
    [
        ("Côte d'Ivoire", "CIV"),
        ("Türkiye", "TUR"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Micronesia (Federated States of)", "FSM"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Republic of Moldova", "MDA"),
        ("United Republic of Tanzania", "TZA"),
        ("Syrian Arab Republic", "SYR"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
        ("Czechia", "CZE"),
        ("Eswatini", "SWZ"),
        ("North Macedonia", "MKD"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("Russian Federation", "RUS"),
        ("Republic of Korea", "KOR"),
        ("Viet Nam", "VNM"),
        ("Brunei Darussalam", "BRN"),
        ("Cabo Verde", "CPV"),
        ("Gambia (Republic of The)", "GMB"),
        # the Digital Library's capitals, and older records' names
        ("UNITED KINGDOM", "GBR"),
        ("IRAN (ISLAMIC REPUBLIC OF)", "IRN"),
        ("TURKIYE", "TUR"),
        ("TURKEY", "TUR"),
        ("SWAZILAND", "SWZ"),
        ("THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA", "MKD"),
        ("CZECH REPUBLIC", "CZE"),
        ("NETHERLANDS", "NLD"),
        # meeting coverage's short forms and typographic apostrophes
        ("Democratic People’s Republic of Korea", "PRK"),
        ("Kingdom of the Netherlands", "NLD"),
        ("United States", "USA"),
        ("Syria", "SYR"),
        # the observers
        ("Holy See", "VAT"),
        ("State of Palestine", "PSE"),
    ],
)
def test_the_uns_own_spellings_map(spelling, code):
    assert un_names.code_for(spelling) == code


def test_folding_ignores_case_accents_and_punctuation_only():
    assert un_names.fold("  Côte D’Ivoire ") == un_names.fold("COTE D'IVOIRE") == "cote d ivoire"
    assert un_names.fold("Guinea-Bissau") == un_names.fold("Guinea Bissau")
    assert un_names.code_for("Guinea") == "GIN" and un_names.code_for("Equatorial Guinea") == "GNQ"
    assert un_names.code_for("Niger") == "NER" and un_names.code_for("Nigeria") == "NGA"
    assert un_names.code_for("Dominica") == "DMA" and un_names.code_for("Dominican Republic") == "DOM"


@pytest.mark.parametrize(
    "spelling, reason",
    [
        ("Atlantis", "not a UN spelling"),
        ("Untied Kingdom", "not a UN spelling"),  # a typo is reported, never matched to the nearest name
        ("Turkiye Republic", "not a UN spelling"),
        ("USSR", "former Member State"),
        ("Yugoslavia", "former Member State"),
        ("Korea", "more than one State"),
        ("", "empty"),
    ],
)
def test_an_unknown_name_is_reported_with_its_reason(spelling, reason):
    found = un_names.lookup(spelling)
    assert found.code is None
    assert reason in found.reason


def test_no_two_codes_share_a_folded_spelling():
    table = un_names._table()  # builds, and raises on a clash
    assert len(table) > 193 * 2


def test_not_listed_names_the_members_a_roll_call_leaves_out():
    everyone_but_two = un_names.MEMBER_CODES - {"AFG", "VEN"}
    assert un_names.not_listed(everyone_but_two) == ["AFG", "VEN"]
    assert "SSD" not in un_names.not_listed(set(), on=dt.date(2010, 1, 1))
