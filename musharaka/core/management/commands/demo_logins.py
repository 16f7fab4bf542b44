from django.core.management.base import BaseCommand

from musharaka.core import demo
from musharaka.core.models import Role


class Command(BaseCommand):
    help = "Print the demo sign-ins and the current two-factor code of the demo staff."

    def handle(self, *args, **options):
        domain = demo.DEMO_DOMAIN
        lines = [
            "",
            f"Demo sign-ins (password for every account: {demo.DEMO_PASSWORD})",
            f"  {'platform admin:':24}{demo.demo_email('admin')}",
            *[f"  {role + ':':24}{demo.demo_email(f'{role}.yesser')}" for role in Role.values],
            f"  (the same roles in every agency: <role>.<agency>@{domain};",
            "   agencies: yesser mcit moh moe momah sdaia riyadh)",
            f"  {'representatives:':24}rep001@{domain} … rep200@{domain}",
            f"  {'citizen:':24}{demo.demo_email('citizen')}",
            f"Staff two-factor: add the secret {demo.DEMO_TOTP_SECRET} to an authenticator app,",
            "  or run `.venv/bin/python manage.py demo_logins` again for the current code: "
            f"{demo.current_totp_code()}",
            "",
        ]
        self.stdout.write("\n".join(lines))
