from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from musharaka.core import demo
from musharaka.core.models import Agency


class Command(BaseCommand):
    help = "Load the demo agencies, staff, representatives and each channel's demo content."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if data exists.")

    def handle(self, *args, if_empty: bool, **options):
        if not (settings.DEBUG or settings.MUSHARAKA_DEMO):
            raise CommandError("Demo data is only loaded with DEBUG on or MUSHARAKA_DEMO=1.")
        if Agency.objects.exists():
            if if_empty:
                self.stdout.write("Data already present; demo not loaded again.")
                return
            raise CommandError("The database already has agencies; use an empty database.")
        context = demo.DemoContext()
        with transaction.atomic():
            demo.load(context)
            for config in apps.get_app_configs():
                module = f"{config.name}.demo"
                is_channel = config.name.startswith("musharaka.") and config.label != "core"
                if is_channel and find_spec(module) is not None:
                    import_module(module).load(context)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
