"""A third city from its own CSV (docs/cities.md): ``load_areas --csv``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backend.areas.models import Area, AreaKind, City, Office

pytestmark = pytest.mark.django_db

AREAS = """district_code,district_name,quarter
I,Mitte,Innenstadt
I,Mitte,Kortländer
II,Nord,Hamme
"""
OFFICES = """district_codes,name,street,postal_code,city,phone,staffed
I;II,Integrationsbüro Bochum,Rathausplatz 1,44787,Bochum,,yes
"""


def _load(tmp_path, areas=AREAS, offices=OFFICES, *extra):
    (tmp_path / "areas.csv").write_text(areas, encoding="utf-8")
    (tmp_path / "offices.csv").write_text(offices, encoding="utf-8")
    out = StringIO()
    call_command(
        "load_areas",
        "--csv",
        str(tmp_path / "areas.csv"),
        "--offices",
        str(tmp_path / "offices.csv"),
        "--slug",
        "bochum",
        "--name",
        "Bochum",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_a_third_city_is_loaded_from_its_csv_once(essen, tmp_path, client):
    first = _load(tmp_path, AREAS, OFFICES, "--prefix", "BO")
    second = _load(tmp_path, AREAS, OFFICES, "--prefix", "BO")

    city = City.objects.get(slug="bochum")
    assert "3 quarter created" in first
    assert "3 quarter unchanged" in second
    assert city.reference_prefix == "BO"
    assert city.central_queue.city == city  # its own central queue, not Essen's
    assert Area.objects.filter(city=city, kind=AreaKind.DISTRICT).count() == 2
    assert Office.objects.get(city=city).districts.count() == 2
    html = client.get("/bochum/ideen/neu/").content.decode()
    assert "Kortländer" in html
    assert "Borbeck-Mitte" not in html


@pytest.mark.parametrize(
    ("areas", "offices", "extra", "message"),
    [
        ("code,name\nI,Mitte\n", OFFICES, ("--prefix", "BO"), "missing column"),
        (
            "district_code,district_name,quarter\n,Mitte,Innenstadt\n",
            OFFICES,
            ("--prefix", "BO"),
            "line 2",
        ),
        (AREAS, OFFICES.replace("I;II", "I;IX"), ("--prefix", "BO"), "unknown district code"),
        (AREAS, OFFICES, (), "Kürzel"),  # Essen already goes without a prefix
    ],
    ids=["columns", "empty-code", "office-code", "second-city-without-prefix"],
)
def test_a_bad_city_file_loads_nothing(essen, tmp_path, areas, offices, extra, message):
    with pytest.raises(CommandError, match=message):
        _load(tmp_path, areas, offices, *extra)

    assert not City.objects.filter(slug="bochum").exists()
    assert not Area.objects.filter(name="Innenstadt").exists()


def test_a_city_cannot_take_an_address_of_the_site(essen, tmp_path):
    (tmp_path / "areas.csv").write_text(AREAS, encoding="utf-8")
    with pytest.raises(CommandError, match="vergeben"):
        call_command(
            "load_areas",
            "--csv",
            str(tmp_path / "areas.csv"),
            "--slug",
            "angebote",
            "--name",
            "Angebote",
            "--prefix",
            "AN",
            stdout=StringIO(),
        )
