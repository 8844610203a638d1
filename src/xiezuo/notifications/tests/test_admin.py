"""The back office: notifications, deliveries (attempts, last error, sending failed ones
again) and group robots (the secret never shown back, kept when left empty)."""

import pytest

from xiezuo.notifications.events import Event
from xiezuo.notifications.models import Delivery, Notification, Webhook

pytestmark = pytest.mark.django_db


def test_admin_pages(offices, admin_user, client_for, django_capture_on_commit_callbacks):
    client = client_for(admin_user)
    hook = Webhook.objects.create(name="巫山群", platform="dingtalk", url="https://oapi.example/robot/send?access_token=1",
                                  secret="SECadmin-secret-9876", region=offices["wushan_hospital"].region)
    note = Notification.objects.create(recipient=offices["wushan"], event=Event.JOB_FAILED, title="导入失败")
    failed = Delivery.objects.create(channel="webhook", event=Event.JOB_FAILED, webhook=hook, subject="导入失败",
                                     status="failed", attempts=5, last_error="HTTP 502: bad gateway")
    for url in ("/admin/notifications/notification/", f"/admin/notifications/notification/{note.pk}/change/",
                "/admin/notifications/delivery/", f"/admin/notifications/delivery/{failed.pk}/change/",
                "/admin/notifications/webhook/", "/admin/notifications/preference/"):
        assert client.get(url).status_code == 200, url
    assert "HTTP 502" in client.get(f"/admin/notifications/delivery/{failed.pk}/change/").content.decode()
    page = client.get(f"/admin/notifications/webhook/{hook.pk}/change/").content.decode()
    assert "SECadmin-secret-9876" not in page
    assert "••••9876" in client.get("/admin/notifications/webhook/").content.decode()
    response = client.post(f"/admin/notifications/webhook/{hook.pk}/change/", {
        "name": "巫山县协作办群", "platform": "dingtalk", "region": hook.region_id, "organisation": "",
        "url": hook.url, "secret": "", "include_below": "on", "active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    hook.refresh_from_db()
    assert hook.secret == "SECadmin-secret-9876" and hook.name == "巫山县协作办群"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/notifications/delivery/", {"action": "retry", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
