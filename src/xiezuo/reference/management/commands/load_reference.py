from django.core.management.base import BaseCommand

from xiezuo.reference.services import load_reference


class Command(BaseCommand):
    help = "Load the shipped regions (GB/T 2260) and specialty vocabularies into the database."

    def handle(self, *args, **options):
        counts = load_reference()
        self.stdout.write(
            f"regions: {counts['regions']} ({counts['regions_added']} added); "
            f"specialties: {counts['specialties']} ({counts['specialties_added']} added)"
        )
