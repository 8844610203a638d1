"""`xiezuo needs_worker`: run queued matching rounds (the background job of large rounds)."""

import time

from django.core.management.base import BaseCommand

from xiezuo.needs.choices import RoundStatus
from xiezuo.needs.models import Round
from xiezuo.needs.services import fail_stalled_rounds, run_round


class Command(BaseCommand):
    help = "Run queued matching rounds; with --once, stop when the queue is empty."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Stop when nothing is queued.")
        parser.add_argument("--sleep", type=float, default=2.0, help="Seconds between polls.")

    def handle(self, *args, once=False, sleep=2.0, **options):
        while True:
            # Rounds whose run died (a killed worker) are marked failed, so they can be rerun.
            fail_stalled_rounds()
            queued = list(Round.objects.filter(status=RoundStatus.QUEUED).order_by("pk")
                          .values_list("pk", flat=True))
            for pk in queued:
                round_ = run_round(round_id=pk)
                self.stdout.write(f"round {pk}: {round_.status}")
            if once and not queued:
                return
            if not queued:
                time.sleep(sleep)
