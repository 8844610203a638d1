"""`xiezuo match_round run|show|export|approve`: matching rounds from the command line.

    xiezuo match_round run --needs 12 13 14 [--name NAME] [--pool-region 370000] [--as USER]
    xiezuo match_round run --round 5          # run an existing round again
    xiezuo match_round show 5
    xiezuo match_round export 5 plan.xlsx
    xiezuo match_round approve 5 --as wushan

`--as` names the user whose scope applies (default: the first superuser).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xiezuo.core.errors import DomainError
from xiezuo.core.scoping import scoped
from xiezuo.needs import services
from xiezuo.needs.models import Round
from xiezuo.needs.plan import plan_bytes
from xiezuo.needs.selectors import proposal


class Command(BaseCommand):
    help = "Run, show, export (Excel plan) and approve matching rounds."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="create a round over needs and run it (or rerun one)")
        run.add_argument("--needs", type=int, nargs="+", default=[])
        run.add_argument("--round", type=int, dest="round_id")
        run.add_argument("--name", default="")
        run.add_argument("--pool-region", default="")
        run.add_argument("--preset", default="",
                         help="weight preset: balanced, specialty_first or pairing_first")
        show = sub.add_parser("show", help="print a round's proposal")
        show.add_argument("round_id", type=int)
        export = sub.add_parser("export", help="write a round's plan to an Excel file")
        export.add_argument("round_id", type=int)
        export.add_argument("out")
        approve = sub.add_parser("approve", help="approve a round for your side (both sides "
                                 "approved: the postings are created)")
        approve.add_argument("round_id", type=int)
        approve.add_argument("--side", choices=["west", "east"], default=None)
        approve.add_argument("--comment", default="")
        for p in (run, show, export, approve):
            p.add_argument("--as", dest="username", default="")

    def handle(self, *args, action, username="", **options):
        self.actor = self._actor(username)
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _actor(self, username):
        users = get_user_model().objects
        user = (users.filter(username=username).first() if username
                else users.filter(is_superuser=True).order_by("pk").first())
        if user is None:
            raise CommandError(f"no such user: {username or '(a superuser)'}")
        return user

    def _round(self, round_id) -> Round:
        round_ = scoped(Round, self.actor).filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"no round {round_id} is known to {self.actor}")
        return round_

    def _run(self, needs=(), round_id=None, name="", pool_region="", preset="", **_):
        if round_id:
            round_ = self._round(round_id)
        else:
            if not needs:
                raise CommandError("give --needs or --round")
            round_ = services.create_round(actor=self.actor, name=name or "CLI", needs=needs,
                                           pool_region=pool_region or None, preset=preset or None)
        round_ = services.start_round(actor=self.actor, round_=round_, background=False)
        self.stdout.write(f"round {round_.pk}: {round_.status} ({round_.inputs_hash[:12]})")
        self._show(round_.pk)

    def _show(self, round_id, **_):
        round_ = self._round(round_id)
        data = proposal(round_, self.actor)
        self.stdout.write(f"{round_.name} · {round_.get_status_display()}")
        for m in data.matches:
            runner = f" (runner-up {m.runner_up.name})" if m.runner_up else ""
            self.stdout.write(f"  need {m.need.pk} {m.need.organisation.name} "
                              f"{m.need.specialty_label} ← {m.person.name} "
                              f"{m.person.organisation.name} score {m.score:.1f}{runner}")
        for o in data.offer_matches:
            self.stdout.write(f"  need {o.need.pk} {o.need.organisation.name} "
                              f"{o.need.specialty_label} ← offer {o.offer.pk} "
                              f"{o.offer.offerer_name} ({o.slots} to be named) "
                              f"score {o.score:.1f}")
        for u in data.unfilled:
            self.stdout.write(f"  need {u.need.pk} {u.need.organisation.name} "
                              f"{u.need.specialty_label}: {u.slots} open · {u.reason}")

    def _export(self, round_id, out, **_):
        with open(out, "wb") as fh:
            fh.write(plan_bytes(self._round(round_id), self.actor))
        self.stdout.write(f"wrote {out}")

    def _approve(self, round_id, side=None, comment="", **_):
        outcome = services.approve_round(actor=self.actor, round_=self._round(round_id),
                                         side=side, comment=comment)
        if outcome.waiting:
            self.stdout.write(f"approved for {', '.join(outcome.sides)}; waiting for "
                              f"{', '.join(outcome.waiting)}")
        else:
            self.stdout.write(f"approved: {len(outcome.postings)} postings, "
                              f"{len(outcome.placements)} places for offers to name")
