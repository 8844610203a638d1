"""What notifications does when core publishes an event (`xiezuo.core.events`):
subscribed in `NotificationsConfig.ready()`."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from xiezuo.core import events
from xiezuo.core.models import Job
from xiezuo.notifications.events import Event
from xiezuo.notifications.services import notify


def job_ended(*, job: Job) -> None:
    """Tell the user who started a background job how it ended."""
    if job.actor is None:
        return
    failed = job.status == Job.Status.FAILED
    with translation.override(settings.LANGUAGE_CODE):
        name = job.file_name or _("background job")
        title = (_("Background job failed: %(name)s") if failed
                 else _("Background job finished: %(name)s")) % {"name": name}
        notify(event=Event.JOB_FAILED if failed else Event.JOB_FINISHED, recipients=[job.actor],
               title=title, body=job.message, url=job.get_absolute_url())


def connect() -> None:
    events.subscribe(events.JOB_FINISHED, job_ended)
    events.subscribe(events.JOB_FAILED, job_ended)
