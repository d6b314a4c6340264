#!/usr/bin/env python3
"""Generate crates/server/assets/countries.json, the country outlines of the web page's map.

The outlines are Natural Earth's Admin 0 countries at 1:110m (public domain) as
redistributed in TopoJSON by the npm package `world-atlas` (ISC licence, Mike Bostock).
The package does not need to be installed: point the script at the tarball.

    cd /tmp && npm pack world-atlas@2          # world-atlas-2.0.2.tgz
    python3 scripts/countries.py /tmp/world-atlas-2.0.2.tgz
    python3 scripts/countries.py countries-110m.json --version 2.0.2   # an unpacked file

The TopoJSON arcs are delta-encoded and quantized: each arc's positions are summed, scaled
and translated by the topology's transform; a negative arc index ~i is arc i reversed; the
arcs of a ring are joined dropping the first position of every arc after the first (it
repeats the last one of the previous arc).

Output (one JSON object, compact, keys in a fixed order, countries in the input's order):

    {"source": "...", "version": "...", "licence": "...", "precision": 0.1,
     "countries": [{"name": "Fiji", "id": "242", "polygons": [[[lon, lat, lon, lat, ...], hole...], ...]}]}

`id` is the ISO 3166-1 numeric code (null where Natural Earth has none); each polygon is a
list of rings (the outer ring first, then holes), each ring a flat list of lon/lat pairs in
degrees rounded to 0.1, not closed (the last position is not the first repeated), with
consecutive duplicates removed; rings left with fewer than 3 positions are dropped. A ring
that crosses the antimeridian (Fiji, Russia) is unwrapped: its longitudes run on past 180 or
-180 so that no step jumps across the map; a renderer draws such a ring a second time shifted
by 360 degrees and clips to the map. Python 3
standard library only; the output is deterministic (two runs are byte-identical).
"""

import argparse
import io
import json
import os
import sys
import tarfile

DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "crates", "server", "assets", "countries.json"
)
MEMBER = "package/countries-110m.json"


def read_input(path, version):
    """Returns (topology dict, package version) from a world-atlas tarball or a JSON file."""
    if path.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path, "r:gz") as tar:
            topo = json.load(io.TextIOWrapper(tar.extractfile(MEMBER), encoding="utf-8"))
            if version is None:
                package = json.load(io.TextIOWrapper(tar.extractfile("package/package.json"), encoding="utf-8"))
                version = package.get("version")
    else:
        with open(path, encoding="utf-8") as f:
            topo = json.load(f)
    if version is None:
        sys.exit("countries.py: give --version for a plain JSON input")
    return topo, version


def decode_arcs(topo):
    """Absolute positions, as integer tenths of a degree, of every arc."""
    transform = topo.get("transform")
    (sx, sy), (tx, ty) = (transform["scale"], transform["translate"]) if transform else ((1, 1), (0, 0))
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            if transform:
                x += position[0]
                y += position[1]
            else:
                x, y = position[0], position[1]
            points.append((tenths(x * sx + tx), tenths(y * sy + ty)))
        arcs.append(points)
    return arcs


def tenths(value):
    """A coordinate in degrees as an integer number of tenths (half away from zero)."""
    scaled = value * 10.0
    return int(scaled + 0.5) if scaled >= 0 else -int(-scaled + 0.5)


def ring_positions(arcs, indexes):
    out = []
    for n, index in enumerate(indexes):
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(points if n == 0 else points[1:])
    return out


def unwrap(points):
    """Longitudes made continuous across the antimeridian (no step over 180 degrees)."""
    out = []
    for x, y in points:
        if out:
            while x - out[-1][0] > 1800:
                x -= 3600
            while x - out[-1][0] < -1800:
                x += 3600
        out.append((x, y))
    return out


def clean_ring(points):
    """Unwrapped, consecutive duplicates removed, the closing position dropped; None when degenerate."""
    ring = []
    for p in unwrap(points):
        if not ring or ring[-1] != p:
            ring.append(p)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(set(ring)) < 3:
        return None
    return ring


def convert(topo):
    arcs = decode_arcs(topo)
    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        out_polygons = []
        for polygon in polygons:
            rings = []
            for n, ring_arcs in enumerate(polygon):
                ring = clean_ring(ring_positions(arcs, ring_arcs))
                if ring is None:
                    if n == 0:
                        break  # no outer ring: the holes mean nothing
                    continue
                rings.append(ring)
            if rings:
                out_polygons.append(rings)
        if not out_polygons:
            continue
        countries.append(
            {
                "name": (geometry.get("properties") or {}).get("name") or "",
                "id": geometry.get("id"),
                "polygons": out_polygons,
            }
        )
    return countries


def number(t):
    """Tenths as the shortest decimal text: 123 -> 12.3, 120 -> 12, -5 -> -0.5."""
    sign = "-" if t < 0 else ""
    t = abs(t)
    whole, frac = divmod(t, 10)
    return f"{sign}{whole}" if frac == 0 else f"{sign}{whole}.{frac}"


def serialise(header, countries):
    parts = ["{"]
    for key, value in header.items():
        parts.append(json.dumps(key) + ":" + json.dumps(value, ensure_ascii=False) + ",")
    parts.append('"countries":[\n')
    for c, country in enumerate(countries):
        polygons = ",".join(
            "[" + ",".join("[" + ",".join(number(x) + "," + number(y) for x, y in ring) + "]" for ring in polygon) + "]"
            for polygon in country["polygons"]
        )
        parts.append(
            '{"name":' + json.dumps(country["name"], ensure_ascii=False)
            + ',"id":' + json.dumps(country["id"])
            + ',"polygons":[' + polygons + "]}"
            + (",\n" if c + 1 < len(countries) else "\n")
        )
    parts.append("]}\n")
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="world-atlas-2.x.y.tgz, or an unpacked countries-110m.json")
    parser.add_argument("--version", help="the world-atlas version (read from the tarball's package.json)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="output path (default: %(default)s)")
    args = parser.parse_args()

    topo, version = read_input(args.input, args.version)
    countries = convert(topo)
    header = {
        "source": "Natural Earth 1:110m Admin 0 countries (naturalearthdata.com), via the npm package "
        "world-atlas (countries-110m.json), converted by scripts/countries.py",
        "version": f"world-atlas {version} (Natural Earth 4.1.0)",
        "licence": "Natural Earth data: public domain. world-atlas: Copyright 2013-2019 Michael Bostock, "
        "ISC licence (permission to use, copy, modify, and/or distribute for any purpose with or without "
        "fee is hereby granted, provided that the copyright notice and this permission notice appear in all "
        'copies; provided "as is" without warranty).',
        "precision": 0.1,
    }
    text = serialise(header, countries)
    json.loads(text)  # the output must be valid JSON
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    points = sum(len(r) for c in countries for p in c["polygons"] for r in p)
    print(f"{args.out}: {len(countries)} countries, {points} positions, {len(text.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
