"""Region filters take names (issue 13): 巫山 narrows a list; a name of no region says so."""

import pytest

from xiezuo.core.filters import region_prefix
from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "prefix"), [
    ("巫山", "500237"), ("巫山县", "500237"), ("重庆市巫山县", "500237"), ("开州", "500154"),
    ("500237", "500237"), ("黔南州", "5227"), ("522700", "5227"), ("重庆", "50"),
    ("500000", "50"), ("5002", "5002"), (" 巫 山 ", "500237"),
])
def test_region_prefix_by_name_or_code(text, prefix):
    assert region_prefix(text) == prefix


@pytest.mark.parametrize("text", ["不存在的县", "999999", "abc"])
def test_a_text_that_names_no_region(text):
    assert region_prefix(text) is None


@pytest.fixture
def people(refdata):
    wushan = PersonFactory(name="巫山的人", organisation=OrganisationFactory(name="巫山某院"))
    kaizhou = PersonFactory(name="开州的人", organisation=OrganisationFactory(
        name="开州某院", region=region("500154")))
    return wushan, kaizhou


@pytest.mark.parametrize("url", ["/people/", "/organisations/"])
def test_typing_a_name_narrows_the_list(people, admin_user, client_for, url):
    client = client_for(admin_user)
    everything = client.get(url).content.decode()
    assert "巫山某院" in everything and "开州某院" in everything
    narrowed = client.get(url, {"region": "巫山"}).content.decode()
    assert "巫山某院" in narrowed and "开州某院" not in narrowed
    by_code = client.get(url, {"region": "500154"}).content.decode()
    assert "开州某院" in by_code and "巫山某院" not in by_code


def test_a_name_of_no_region_is_said_and_shows_nothing(people, admin_user, client_for):
    page = client_for(admin_user).get("/people/", {"region": "巫溪山"}).content.decode()
    assert "找不到名为“巫溪山”的地区" in page
    assert "巫山的人" not in page and "开州的人" not in page
