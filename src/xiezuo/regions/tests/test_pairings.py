import datetime

import pytest
from django.core.exceptions import ValidationError

from xiezuo.core.tests.factories import OrganisationFactory, PairingFactory, region
from xiezuo.regions import services
from xiezuo.regions.models import Pairing

D = datetime.date
pytestmark = pytest.mark.django_db


def create(actor, **fields):
    base = {
        "level": "city_county",
        "east_region": region("370600"),
        "west_region": region("500237"),
        "start": D(2021, 4, 1),
    }
    return services.create_pairing(actor=actor, **{**base, **fields})


def test_valid_city_county_pairing_is_stored(admin_user):
    pairing = create(admin_user)
    assert Pairing.objects.get(pk=pairing.pk).west_region.code == "500237"


def test_end_before_start_is_rejected_and_nothing_stored(admin_user):
    with pytest.raises(ValidationError) as err:
        create(admin_user, start=D(2022, 1, 1), end=D(2021, 1, 1))
    assert "end" in err.value.message_dict
    assert "早于开始日期" in err.value.message_dict["end"][0]
    assert not Pairing.objects.exists()


def test_wrong_side_is_rejected(admin_user):
    # 巫山县 is western: it cannot be the supporting (eastern) party.
    with pytest.raises(ValidationError) as err:
        create(
            admin_user,
            level="district_county",
            east_region=region("500237"),
            west_region=region("630123"),
        )
    assert "east_region" in err.value.message_dict
    assert "东部" in err.value.message_dict["east_region"][0]
    assert not Pairing.objects.exists()


def test_level_must_match_regions(admin_user):
    with pytest.raises(ValidationError) as err:
        create(admin_user, level="province_province")
    assert set(err.value.message_dict) == {"east_region", "west_region"}


def test_overlapping_active_pairing_of_same_parties_is_rejected(admin_user):
    PairingFactory(start=D(2021, 4, 1), end=None)
    with pytest.raises(ValidationError) as err:
        create(admin_user, start=D(2023, 1, 1))
    assert "start" in err.value.message_dict
    assert Pairing.objects.count() == 1


def test_consecutive_pairings_do_not_overlap(admin_user):
    PairingFactory(start=D(2016, 1, 1), end=D(2020, 12, 31))
    create(admin_user, start=D(2021, 1, 1))
    assert Pairing.objects.count() == 2


def test_hospital_pairing_needs_hospitals_in_the_regions(admin_user):
    east_hospital = OrganisationFactory(name="烟台山医院", region=region("370602"))
    school = OrganisationFactory(name="巫山中学", kind="school", region=region("500237"))
    with pytest.raises(ValidationError) as err:
        create(admin_user, level="hospital_hospital", east_org=east_hospital, west_org=school)
    assert "west_org" in err.value.message_dict
    west_hospital = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    pairing = create(
        admin_user, level="hospital_hospital", east_org=east_hospital, west_org=west_hospital
    )
    assert pairing.pk


def test_api_rejects_bad_pairing_with_field_errors(admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        "/api/pairings/",
        {
            "level": "city_county",
            "east_region": "370600",
            "west_region": "500237",
            "start": "2022-05-01",
            "end": "2021-05-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(d["loc"] == ["body", "end"] for d in detail)
    assert not Pairing.objects.exists()


def test_api_unknown_region_code(admin_user, client_for):
    response = client_for(admin_user).post(
        "/api/pairings/",
        {
            "level": "city_county",
            "east_region": "379999",
            "west_region": "500237",
            "start": "2022-05-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "east_region"]


def test_api_pairing_crud(admin_user, client_for):
    client = client_for(admin_user)
    created = client.post(
        "/api/pairings/",
        {
            "level": "city_county",
            "east_region": "370600",
            "west_region": "500237",
            "start": "2021-04-01",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["west_region_name"] == "重庆市巫山县"
    patched = client.patch(
        f"/api/pairings/{pk}", {"end": "2025-12-31", "version": 1}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["end"] == "2025-12-31"
    bad = client.patch(
        f"/api/pairings/{pk}", {"end": "2020-01-01", "version": 2}, content_type="application/json"
    )
    assert bad.status_code == 422
    stale = client.patch(
        f"/api/pairings/{pk}", {"note": "late", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["detail"][0]["loc"] == ["body", "version"]
    no_version = client.patch(f"/api/pairings/{pk}", {"note": "x"}, content_type="application/json")
    assert no_version.status_code == 422
    assert Pairing.objects.get(pk=pk).end == D(2025, 12, 31)
    listed = client.get("/api/pairings/?active_on=2024-01-01")
    assert listed.json()["count"] == 1
    assert client.get("/api/pairings/?active_on=2026-06-01").json()["count"] == 0
    assert client.delete(f"/api/pairings/{pk}").status_code == 204
    assert client.get(f"/api/pairings/{pk}").status_code == 404
