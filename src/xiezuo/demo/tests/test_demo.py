"""`xiezuo demo` loads the real pairings and institutions and synthetic people."""

import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from xiezuo.demo.national import load_national
from xiezuo.exchange.demo import REPORT_NOTE
from xiezuo.orgs.models import Organisation
from xiezuo.people.models import Person
from xiezuo.regions.models import Pairing, Region
from xiezuo.vocab import regions as vocab_regions


@pytest.mark.django_db
def test_demo_loads_real_pairings_and_is_repeatable(refdata):
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)  # a second run adds nothing
    assert Pairing.objects.filter(level="city_county", east_region__code="370600", west_region__code="500237").count() == 1
    assert Pairing.objects.filter(east_region__code="370700", west_region__code="500154").exists()
    qiannan = Pairing.objects.get(east_region__code="440100", west_region__code="522700")
    assert qiannan.level == "city_prefecture"
    assert Region.objects.get(code="522700").children.count() == 12
    assert Pairing.objects.filter(east_region__code="320116", west_region__code="630123").exists()
    assert Pairing.objects.filter(east_region__code="330108", west_region__code="510812").exists()
    assert Organisation.objects.filter(name="巫山县中医院", region__code="500237").exists()
    people = Person.objects.count()
    assert 300 < people < 2000
    # Everyone is synthetic, except the people the sample reports name (name only, no
    # personal data).
    assert not Person.objects.exclude(note__in=["演示数据（虚构人物）", REPORT_NOTE]).exists()
    named = Person.objects.filter(note=REPORT_NOTE)
    assert named.count() == 6 and not named.exclude(phone="", id_number="").exists()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("xiezuo-demo-2026")


@pytest.mark.parametrize(("text", "code"), [
    ("开州", "500154"), ("石柱县", "500240"), ("黔南州", "522700"), ("巫山", "500237"),
])
def test_short_forms_resolve(text, code):
    assert vocab_regions.resolve(text)[0].code == code


@pytest.mark.django_db
def test_region_roles_loaded(refdata):
    assert Region.objects.get(code="370600").role == "east"
    assert Region.objects.get(code="500237").role == "west"
    assert Region.objects.get(code="410000").role == "none"


def test_cli_runs_django_commands():
    result = subprocess.run([sys.executable, "-m", "xiezuo", "help", "demo"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0
    assert "--scale" in result.stdout


@pytest.mark.django_db
def test_national_generator_shape(refdata):
    result = load_national(seed=3, cities=12, counties=40, people=2000)
    assert result["western_counties"] == 40 and result["eastern_parties"] == 12
    lower = Pairing.objects.exclude(level="province_province")
    assert lower.count() == 40
    # Every county has one eastern partner, on the right sides.
    assert lower.values("west_region").distinct().count() == 40
    assert not lower.exclude(east_region__role="east").exists()
    assert not lower.exclude(west_region__role="west").exists()
    for pairing in lower[:10]:
        pairing.full_clean()
    assert Person.objects.count() == 2000
