"""Permission matrix of the notification pages: a user's own notifications (another's,
administrators' included → 404), the settings page (everyone signed in), and the group
robots (administrators: all; coordinators: those of offices in their area; everyone
else: 404)."""

import pytest
from django.contrib.auth import get_user_model

from tests.matrix import test_page_matrix
from tests.matrix.world import ROLES, build_world, client_for
from xiezuo.notifications.models import Notification, Webhook

pytestmark = pytest.mark.django_db

PAGES = {
    "notifications:list": "/notifications/",
    "notifications:open": "/notifications/{pk}/open/",
    "notifications:read": "/notifications/{pk}/read/",
    "notifications:read_all": "/notifications/read-all/",
    "notifications:preferences": "/notifications/settings/",
    "notifications:webhook_list": "/notifications/robots/",
    "notifications:webhook_new": "/notifications/robots/new/",
    "notifications:webhook_edit": "/notifications/robots/{pk}/",
    "notifications:webhook_test": "/notifications/robots/{pk}/test/",
    "notifications:webhook_delete": "/notifications/robots/{pk}/delete/",
}
test_page_matrix.EXTRA_COVERED |= set(PAGES)
MANAGERS = {"admin", "coordinator"}


def build_notifications_world():
    world = build_world()
    world["in"]["notification"] = {
        role: Notification.objects.create(recipient=user, event="job_finished", title=f"给{role}的通知",
                                          url="/jobs/")
        for role, user in world["users"].items()}
    stranger = get_user_model().objects.create_user(username="m-stranger", password="pw-123456!")
    world["out"]["notification"] = Notification.objects.create(
        recipient=stranger, event="job_finished", title="别人的通知", url="/jobs/")
    world["in"]["webhook"] = Webhook.objects.create(
        name="巫山群", platform="wecom", url="https://qyapi.example/in", region=world["in"]["region"])
    world["out"]["webhook"] = Webhook.objects.create(
        name="开州群", platform="wecom", url="https://qyapi.example/out", region=world["out"]["region"])
    return world


@pytest.mark.parametrize("role", ROLES)
def test_own_notifications_only(refdata, role):
    world = build_notifications_world()
    client = client_for(world, role)
    other = world["out"]["notification"]
    if role == "anonymous":
        for url in ("/notifications/", "/notifications/settings/"):
            assert client.get(url).status_code == 302
        assert client.post(f"/notifications/{other.pk}/read/").status_code == 302
        return
    page = client.get("/notifications/").content.decode()
    # A user without a scope sees nothing, not even what was addressed to them.
    assert (f"给{role}的通知" in page) == (role != "nobody") and "别人的通知" not in page
    assert client.get("/notifications/settings/").status_code == 200
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{other.pk}/open/").status_code == 404
    own = world["in"]["notification"][role]
    expected = 404 if role == "nobody" else 302
    assert client.post(f"/notifications/{own.pk}/read/").status_code == expected
    assert client.post(f"/notifications/{own.pk}/open/").status_code == expected
    assert client.post("/notifications/read-all/").status_code == 302
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_group_robots(refdata, role):
    world = build_notifications_world()
    client = client_for(world, role)
    listed = client.get("/notifications/robots/")
    if role == "anonymous":
        assert listed.status_code == 302
        return
    assert listed.status_code == (200 if role in MANAGERS else 404)
    assert client.get("/notifications/robots/new/").status_code == (200 if role in MANAGERS else 404)
    if role in MANAGERS:
        text = listed.content.decode()
        assert "巫山群" in text and ("开州群" in text) == (role == "admin")
    for side in ("in", "out"):
        hook = world[side]["webhook"]
        allowed = role == "admin" or (role == "coordinator" and side == "in")
        assert client.get(f"/notifications/robots/{hook.pk}/").status_code == (200 if allowed else 404), side
        assert client.post(f"/notifications/robots/{hook.pk}/test/").status_code == (302 if allowed else 404)
        assert client.post(f"/notifications/robots/{hook.pk}/delete/").status_code == (302 if allowed else 404)
        assert Webhook.objects.filter(pk=hook.pk).exists() != allowed
