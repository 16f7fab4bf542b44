from django.core.management.base import BaseCommand

from musharaka.core import demo
from musharaka.core.models import Role


class Command(BaseCommand):
    help = "Print the demo sign-ins and the current two-factor code of the demo staff."

    def handle(self, *args, **options):
        out = self.stdout.write
        out("")
        out("Demo sign-ins (password for every account: %s)" % demo.DEMO_PASSWORD)
        out("  platform admin:   %s" % demo.demo_email("admin"))
        for role in Role.values:
            out("  %-22s %s" % (role + ":", demo.demo_email(f"{role}.yesser")))
        out("  (same roles in every agency: <role>.<agency>@%s," % demo.DEMO_DOMAIN)
        out("   agencies: yesser mcit moh moe momah sdaia riyadh)")
        out("  representative:   %s … rep200@%s" % (demo.demo_email("rep001"), demo.DEMO_DOMAIN))
        out("  citizen:          %s" % demo.demo_email("citizen"))
        out("Staff two-factor: add secret %s to an authenticator app," % demo.DEMO_TOTP_SECRET)
        out("  or run `.venv/bin/python manage.py demo_logins` for the current code: %s"
            % demo.current_totp_code())
        out("")
