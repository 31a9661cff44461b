"""The names of the UN's Member States in Spanish, Portuguese and French, from the Unicode CLDR, as actor
aliases: the analysis reads them in texts in those languages (initiatives/analysis/language.py).

CLDR's territory names are the ones software localises country names with ("Bélgica", "Países Bajos",
"Coreia do Sul", "Royaume-Uni"). They are read through Babel, which bundles one CLDR release; the alias
says which. Names the tracker reads already in English (the UN's short name or an English alias, after
case and accents: "Chile", "Canadá") are left out, and so are names that are also a common word or a city
in the language (``AMBIGUOUS``).
Run it again to take a newer CLDR (the old entries are replaced):

    .venv/bin/pip install babel==2.19.0
    .venv/bin/python scripts/cldr_names.py
"""

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pycountry  # noqa: E402
from babel import Locale  # noqa: E402
from babel.core import get_cldr_version  # noqa: E402

from initiatives.records.un_names import MEMBER_STATES  # noqa: E402

ALIASES = ROOT / "initiatives" / "data" / "actor_aliases.json"
LANGUAGES = ("es", "pt", "fr")
NOTE = "Territory name in the Unicode CLDR {version} ({language}), read through Babel {babel}; read as this actor only in texts in that language."
# Names that are also a city or a common word in the language: "Granada" (Grenada) is a Spanish city,
# "Grenade" a French word for a hand grenade, "Maurice" a French first name (Mauritius).
AMBIGUOUS = {("es", "GRD"), ("pt", "GRD"), ("fr", "GRD"), ("fr", "MUS"), ("es", "MUS"), ("pt", "MUS")}


def folded(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def main() -> None:
    import babel

    data = json.loads(ALIASES.read_text())
    version = get_cldr_version()
    url = f"https://github.com/unicode-org/cldr/blob/release-{version}/common/main/{{language}}.xml"
    kept = [a for a in data["aliases"] if "Unicode CLDR" not in a.get("note", "")]
    english = {(a["actor"], folded(a["text"])) for a in kept}
    added = 0
    for language in LANGUAGES:
        names = Locale(language).territories
        for state in MEMBER_STATES:
            country = pycountry.countries.get(alpha_3=state.code)
            name = names.get(country.alpha_2) if country is not None else None
            if not name or (language, state.code) in AMBIGUOUS:
                continue
            if folded(name) == folded(state.name) or (state.code, folded(name)) in english:
                continue  # a spelling the tracker reads already in English ("Chile", "Canadá")
            kept.append(
                {
                    "actor": state.code,
                    "text": name,
                    "kind": "name",
                    "language": language,
                    "valid_from": None,
                    "valid_to": None,
                    "source_url": url.format(language=language),
                    "note": NOTE.format(version=version, language=language, babel=babel.__version__),
                }
            )
            added += 1
    data["aliases"] = kept
    ALIASES.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"{added} names from CLDR {version} written to {ALIASES.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
