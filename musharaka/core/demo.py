"""Demo data telling the seed's story: Yesser consults agencies on the e-participation guideline.

Each app may add a ``demo.py`` with ``load(demo: DemoContext)``; ``manage.py demo_load`` runs
core first, then the others in INSTALLED_APPS order.
"""

import random
import time
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from musharaka.core.models import (
    Agency,
    AgencyKind,
    ParticipantType,
    Representation,
    RepresentationStatus,
    Role,
    User,
)
from musharaka.core.services import membership_add

DEMO_PASSWORD = "Musharaka-demo-2026"
# Shared by every demo staff account so the printed code works for all of them. Demo only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPMUSHARAKADEMO234"
DEMO_DOMAIN = "demo.musharaka.sa"
REPRESENTATIVES = 200

AGENCIES = [
    ("yesser", AgencyKind.PROGRAMME, "برنامج التعاملات الإلكترونية الحكومية (يسّر)",
     "Government e-Transactions Program (Yesser)"),
    ("mcit", AgencyKind.MINISTRY, "وزارة الاتصالات وتقنية المعلومات",
     "Ministry of Communications and Information Technology"),
    ("moh", AgencyKind.MINISTRY, "وزارة الصحة", "Ministry of Health"),
    ("moe", AgencyKind.MINISTRY, "وزارة التعليم", "Ministry of Education"),
    ("momah", AgencyKind.MINISTRY, "وزارة البلديات والإسكان",
     "Ministry of Municipalities and Housing"),
    ("sdaia", AgencyKind.AUTHORITY, "الهيئة السعودية للبيانات والذكاء الاصطناعي",
     "Saudi Data and AI Authority"),
    ("riyadh", AgencyKind.MUNICIPALITY, "أمانة منطقة الرياض", ""),
]  # fmt: skip
FIRST_NAMES = ["محمد", "عبدالله", "فهد", "سارة", "نورة", "خالد", "ريم", "عبدالرحمن", "هيفاء",
               "سلطان", "منى", "تركي", "لمى", "ناصر", "أمل", "فيصل", "دانة", "ماجد"]  # fmt: skip
FAMILY_NAMES = ["العتيبي", "القحطاني", "الغامدي", "الشهري", "الدوسري", "الحربي", "الزهراني",
                "المطيري", "السبيعي", "العنزي", "الشمري", "البقمي"]  # fmt: skip


@dataclass
class DemoContext:
    """What later apps' demo loaders build on."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    staff: dict[tuple[str, str], User] = field(default_factory=dict)
    representatives: list[User] = field(default_factory=list)
    citizens: list[User] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def _users(rows: list[tuple[str, str]], password_hash: str) -> list[User]:
    """Create verified users in bulk (hashing once: argon2 is slow by design)."""
    users = User.objects.bulk_create(
        [User(email=email, full_name=name, password=password_hash) for email, name in rows]
    )
    users = list(User.objects.filter(email__in=[e for e, _ in rows]).order_by("id"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    return users


def load(demo: DemoContext) -> None:
    password_hash = make_password(DEMO_PASSWORD)
    for slug, kind, name_ar, name_en in AGENCIES:
        demo.agencies[slug] = Agency.objects.create(
            slug=slug,
            kind=kind,
            name_ar=name_ar,
            name_en=name_en,
            email=f"info@{slug}.gov.sa",
            website=f"https://www.{slug}.gov.sa",
            phone="+966112345678",
        )
    admin = _users([(demo_email("admin"), "مدير المنصة")], password_hash)[0]
    User.objects.filter(pk=admin.pk).update(is_superuser=True, is_staff=True)
    TOTP.activate(admin, DEMO_TOTP_SECRET)

    staff_rows = [
        (demo_email(f"{role}.{slug}"), f"{Role(role).label} — {slug}")
        for slug in demo.agencies
        for role in Role.values
    ]
    for user in _users(staff_rows, password_hash):
        role, slug = user.email.split("@")[0].split(".", 1)
        membership_add(actor=None, agency=demo.agencies[slug], user=user, role=role)
        demo.staff[(slug, role)] = user
    Authenticator.objects.bulk_create(
        [
            Authenticator(user=u, type=Authenticator.Type.TOTP, data=_totp_data())
            for u in demo.staff.values()
        ]
    )

    rng = demo.rng
    rep_rows = [
        (demo_email(f"rep{i:03d}"), f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}")
        for i in range(1, REPRESENTATIVES + 1)
    ]
    demo.representatives = _users(rep_rows, password_hash)
    slugs = list(demo.agencies)
    now = timezone.now()
    Representation.objects.bulk_create(
        [
            Representation(
                user=user,
                kind=ParticipantType.AGENCY,
                agency=demo.agencies[slugs[i % len(slugs)]],
                job_title="ممثل الجهة",
                # Every 25th waits for confirmation so each workspace has work to show.
                status=_demo_representation_status(i),
                decided_at=None if i % 25 == 0 else now,
            )
            for i, user in enumerate(demo.representatives)
        ]
    )
    demo.citizens = _users(
        [(demo_email("citizen"), "مواطن تجريبي")]
        + [(demo_email(f"citizen{i:02d}"), rng.choice(FIRST_NAMES)) for i in range(1, 21)],
        password_hash,
    )


def _demo_representation_status(index: int) -> str:
    return RepresentationStatus.PENDING if index % 25 == 0 else RepresentationStatus.CONFIRMED


def _totp_data() -> dict:
    from allauth.mfa.utils import encrypt

    return {"secret": encrypt(DEMO_TOTP_SECRET)}


def current_totp_code() -> str:
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
