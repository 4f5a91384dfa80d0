"""Build the dashboard's country outlines (``tocsin/web/static/world.geojson``).

The outlines are Natural Earth's Admin 0 countries (public domain), as
redistributed in TopoJSON by the npm package ``world-atlas`` (ISC licence). This
script fetches that package with the ordinary npm client (``npm pack``), decodes
its TopoJSON into plain GeoJSON, rounds coordinates and drops repeated points, so
the browser needs no TopoJSON library and no tile server. Run it again only to
change the resolution:

    python -m tocsin.web.tools.build_world                 # 1:50m, ~1 MB
    python -m tocsin.web.tools.build_world --scale 110m    # coarser, ~0.2 MB
    python -m tocsin.web.tools.build_world --topojson countries-50m.json   # offline
"""
from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas@2.0.2"
OUT = Path(__file__).resolve().parents[1] / "static" / "world.geojson"


def fetch_topojson(scale: str) -> dict[str, Any]:
    """``countries-<scale>.json`` from the npm package, via ``npm pack`` in a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True)
        tarball = next(Path(tmp).glob("world-atlas-*.tgz"))
        with tarfile.open(tarball) as tar:
            member = tar.extractfile(f"package/countries-{scale}.json")
            if member is None:
                raise SystemExit(f"no countries-{scale}.json in {PACKAGE}")
            return json.load(member)


def decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (TopoJSON arcs are delta-encoded when quantised)."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]], digits: int,
         tolerance: float = 0.0) -> list[list[float]]:
    """One closed ring from its arcs; points nearer than ``tolerance`` degrees to the last kept one are dropped."""
    points: list[list[float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        for n, (x, y) in enumerate(arc):
            if n == 0 and points:
                continue  # consecutive arcs share their end point
            p = [round(x, digits), round(y, digits)]
            if not points or (points[-1] != p and (abs(points[-1][0] - p[0]) >= tolerance
                                                    or abs(points[-1][1] - p[1]) >= tolerance)):
                points.append(p)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


def to_geojson(topo: dict[str, Any], digits: int = 2, tolerance: float = 0.0) -> dict[str, Any]:
    arcs = decode_arcs(topo)
    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        kind = geom.get("type")
        if kind == "Polygon":
            polys = [geom["arcs"]]
        elif kind == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        rings = [[ring(r, arcs, digits, tolerance) for r in poly] for poly in polys]
        rings = [[r for r in poly if len(r) >= 4] for poly in rings]
        rings = [poly for poly in rings if poly]
        if not rings:
            continue
        features.append({
            "type": "Feature",
            "id": geom.get("id"),
            "properties": {"name": (geom.get("properties") or {}).get("name")},
            "geometry": {"type": "MultiPolygon", "coordinates": rings},
        })
    return {
        "type": "FeatureCollection",
        "attribution": "Natural Earth Admin 0 countries (public domain), via the npm package "
                       f"{PACKAGE} (ISC licence, (c) Michael Bostock)",
        "features": features,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="50m", choices=["10m", "50m", "110m"])
    parser.add_argument("--topojson", type=Path, help="a countries-*.json already on disk (no npm needed)")
    parser.add_argument("--digits", type=int, default=2, help="decimal places kept (2 = about 1 km)")
    parser.add_argument("--tolerance", type=float, default=0.08,
                        help="drop points nearer than this (degrees) to the previous one")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    topo = json.loads(args.topojson.read_text()) if args.topojson else fetch_topojson(args.scale)
    data = to_geojson(topo, args.digits, args.tolerance)
    args.output.write_text(json.dumps(data, separators=(",", ":")))
    print(f"{len(data['features'])} countries, {args.output.stat().st_size / 1e6:.2f} MB -> {args.output}")


if __name__ == "__main__":
    main()
