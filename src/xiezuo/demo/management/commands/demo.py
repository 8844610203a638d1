"""`xiezuo demo`: reference data, the real pairings and institutions, synthetic people
and demo users. `--scale national` adds a national-size synthetic set for benchmarks."""

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from xiezuo.accounts.models import UserScope
from xiezuo.activities.demo import load_activities_demo
from xiezuo.cooperation.demo import load_cooperation_demo
from xiezuo.demo.national import load_national
from xiezuo.demo.national_records import load_national_records
from xiezuo.demo.registry import load_registry
from xiezuo.demo.synthetic import SYNTHETIC_NOTE, PeopleFactory, create_people
from xiezuo.exchange.demo import load_exchange_demo
from xiezuo.needs.demo import load_needs_demo
from xiezuo.offers.demo import load_offers_demo
from xiezuo.people.models import Person
from xiezuo.reference.services import load_reference
from xiezuo.regions.models import Region
from xiezuo.reports.demo import load_reports_demo
from xiezuo.reports.services import UploadOutcome

DEMO_PASSWORD = "xiezuo-demo-2026"
# (user name, role, region code, organisation key) — see README for what each sees.
DEMO_USERS = [
    ("admin", "admin", None, None),
    ("shandong", "coordinator", "370000", None),
    ("wushan", "coordinator", "500237", None),
    ("yantai", "coordinator", "370600", None),  # 烟台市: the eastern side of 巫山's pairing
    ("qiannan", "coordinator", "522700", None),
    ("auditor", "auditor", "500000", None),
    ("ytsh", "org_user", None, "yt_ytsh"),
    ("doctor", "self_service", None, "ws_tcm"),
]
PEOPLE_PER_KIND = {
    "hospital": 30,
    "school": 15,
    "university": 15,
    "institute": 10,
    "company": 5,
    "department": 6,
    "cooperative": 5,
    "other": 3,
}


class Command(BaseCommand):
    help = "Load demo data: regions, real pairings and institutions, synthetic people, demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "national"], default="small")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--people", type=int, default=100_000, help="people at national scale")

    def handle(self, *args: Any, scale: str, seed: int, people: int, **options: Any) -> None:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        counts = load_reference()
        self.stdout.write(
            f"reference: {counts['regions']} regions, {counts['specialties']} specialties"
        )
        orgs = self.orgs = load_registry()
        self.stdout.write(f"registry: {len(orgs)} institutions and the real pairings")
        with transaction.atomic():
            if not Person.objects.filter(
                note=SYNTHETIC_NOTE, organisation__in=orgs.values()
            ).exists():
                plan = [(org, PEOPLE_PER_KIND.get(org.kind, 3)) for org in orgs.values()]
                made = create_people(PeopleFactory(seed), plan, with_availability=True)
                self.stdout.write(f"people: {made} synthetic people")
        load_exchange_demo()
        self.stdout.write("exchange: postings, a team, an engagement, a base and mentorships")
        load_needs_demo()
        self.stdout.write("needs: published needs and a team need for 巫山, 开州, 石柱 and 平塘")
        load_offers_demo()
        self.stdout.write("offers: three published offers of eastern organisations and a draft")
        self._reports(load_reports_demo())
        load_activities_demo()
        load_cooperation_demo()
        self.stdout.write("activities, trainings and cooperation records of the real pairings")
        if scale == "national":
            result = load_national(seed=seed, people=people)
            self.stdout.write("national: " + ", ".join(f"{k} {v}" for k, v in result.items()))
            records = load_national_records(seed=seed)
            self.stdout.write("national records: " + ", ".join(f"{k} {v}" for k, v in records.items()))
        self._users()
        self.stdout.write(f"done in {time.monotonic() - started:.1f} s")

    def _reports(self, outcomes: list[UploadOutcome]) -> None:
        """Say what the demo reports loader actually did (it may have found nothing)."""
        stored = [o for o in outcomes if o.status in ("created", "duplicate")]
        existing = sum(o.status == "exists" for o in outcomes)
        failed = [o for o in outcomes if o.status not in ("created", "duplicate", "exists")]
        if not outcomes:
            self.stdout.write(self.style.WARNING("reports: no demo reports found, none loaded"))
            return
        self.stdout.write(
            f"reports: {len(stored)} demo reports loaded, {sum(o.facts for o in stored)} facts "
            f"waiting for review; {existing} loaded before")
        for outcome in failed:
            self.stdout.write(self.style.WARNING(f"reports: {outcome.name}: {outcome.message}"))

    def _users(self) -> None:
        User = get_user_model()
        for username, role, region_code, org_key in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_superuser = user.is_staff = role == "admin"
                user.save()
            if role == "admin":
                continue
            organisation = self.orgs[org_key] if org_key else None
            scope: dict[str, Any] = {"role": role, "region": None, "organisation": None,
                                     "person": None}
            if region_code:
                scope["region"] = Region.objects.get(code=region_code)
            if role == "org_user":
                scope["organisation"] = organisation
            if role == "self_service":
                existing = UserScope.objects.filter(user=user).first()
                scope["person"] = (existing and existing.person) or Person.objects.filter(
                    organisation=organisation).order_by("pk").first()
            UserScope.objects.update_or_create(user=user, defaults=scope)
        self.stdout.write(self.style.SUCCESS(
            f"demo login: admin / {DEMO_PASSWORD} (also shandong, wushan, yantai, qiannan, auditor, ytsh, doctor)"
        ))
