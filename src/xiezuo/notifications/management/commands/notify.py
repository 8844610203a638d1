"""`xiezuo notify scan` (postings starting soon or ending without a successor) and
`xiezuo notify digest` (the daily digest e-mails); run daily from cron (docs/deployment.md).
`xiezuo notify retry` queues again deliveries whose task was lost."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xiezuo.notifications.digest import send_digests
from xiezuo.notifications.scan import scan
from xiezuo.notifications.tasks import retry_pending

LOST_AFTER = datetime.timedelta(hours=1)


class Command(BaseCommand):
    help = "Scheduled notifications: scan (postings), digest (daily e-mails), retry (lost deliveries)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["scan", "digest", "retry"])
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="scan as on this day (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "scan":
            outcome = scan(today=options["today"])
            self.stdout.write(f"scan: {outcome.starting} starting, {outcome.ending} ending without successor, "
                              f"{outcome.notifications} notifications")
        elif what == "digest":
            sent = send_digests()
            self.stdout.write(f"digest: {sent.users} e-mails queued ({sent.notifications} notifications)")
        else:
            self.stdout.write(f"retry: {retry_pending(LOST_AFTER)} deliveries queued again")
