"""The map of Europe as SVG paths, drawn on the server from Natural Earth's country shapes.

The shapes are npm's `world-atlas` (countries at 1:50m, TopoJSON), which the set-up
(scripts/install-atlas.sh) copies into the static files. Each country is projected with
the Lambert azimuthal equal-area projection centred on Europe (the EU's own, ETRS89-LAEA:
10°E 52°N), scaled to a VIEW_WIDTH-wide view box; countries with no point inside the view
are left out. Countries are keyed by ISO 3166-1 alpha-2 code, as the search's country facet
is; the few Natural Earth shapes without an ISO code (Kosovo, Northern Cyprus…) are drawn
without a key.
"""

import json
import math
from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django_countries import countries

ATLAS_FILE = "search/atlas/countries-50m.json"
CENTRE_LONGITUDE, CENTRE_LATITUDE = 10.0, 52.0
# The view in projected units (radians on the unit sphere): Iceland and Portugal to the
# Urals' foot, the Canaries' latitude to the North Cape.
VIEW_LEFT, VIEW_TOP, VIEW_RIGHT, VIEW_BOTTOM = -0.42, -0.37, 0.50, 0.38
VIEW_WIDTH = 1000
MIN_STEP = 1.5  # view box units between two points of a border


@dataclass(frozen=True)
class CountryShape:
    code: str  # ISO 3166-1 alpha-2, "" when Natural Earth's shape has no ISO code
    name: str
    path: str  # SVG path data in view box coordinates


def scale():
    return VIEW_WIDTH / (VIEW_RIGHT - VIEW_LEFT)


def view_box():
    height = round((VIEW_BOTTOM - VIEW_TOP) * scale())
    return f"0 0 {VIEW_WIDTH} {height}"


def project(longitude, latitude):
    """(x, y) in view box coordinates; y grows downwards."""
    lam = math.radians(longitude - CENTRE_LONGITUDE)
    phi, phi0 = math.radians(latitude), math.radians(CENTRE_LATITUDE)
    cosine = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / max(1e-9, 1 + cosine))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return (x - VIEW_LEFT) * scale(), (-y - VIEW_TOP) * scale()


def decoded_arcs(topology):
    """Each arc's points in degrees (TopoJSON arcs are quantised and delta-encoded)."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"], topology["transform"]["translate"])
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def in_view(x, y):
    return 0 <= x <= VIEW_WIDTH and 0 <= y <= (VIEW_BOTTOM - VIEW_TOP) * scale()


def ring_path(points):
    """SVG path data of a ring, to a tenth of a unit, leaving out the points nearer than
    MIN_STEP to the last one kept (finer than the map shows at its size)."""
    commands, last = [], None
    for x, y in points:
        if last is None or math.hypot(x - last[0], y - last[1]) >= MIN_STEP:
            commands.append(f"{round(x, 1):g},{round(y, 1):g}")
            last = (x, y)
    return "M" + "L".join(commands) + "Z" if len(commands) > 2 else ""


def country_shape(geometry, arcs):
    projected = (
        [project(*point) for point in ring_points(ring, arcs)]
        for polygon in polygons(geometry) for ring in polygon
    )
    rings = [ring for ring in projected if any(in_view(x, y) for x, y in ring)]
    if not rings:
        return None
    numeric = geometry.get("id")
    code = countries.alpha2(int(numeric)) if numeric and numeric.isdigit() else ""
    return CountryShape(code or "", geometry["properties"]["name"],
                        "".join(ring_path(ring) for ring in rings))


@cache
def europe():
    """The CountryShapes in view, read once per process."""
    path = finders.find(ATLAS_FILE)
    if path is None:
        raise FileNotFoundError(f"{ATLAS_FILE} is missing: run scripts/install-atlas.sh")
    with open(path, encoding="utf-8") as file:
        topology = json.load(file)
    arcs = decoded_arcs(topology)
    shapes = (country_shape(geometry, arcs)
              for geometry in topology["objects"]["countries"]["geometries"])
    return tuple(shape for shape in shapes if shape is not None)
