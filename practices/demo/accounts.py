"""The demo accounts: one per role, so that each kind of user can be tried out."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from practices.permissions import SECRETARIAT_GROUP

DEMO_PASSWORD = "demo-password-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    email: str
    first_name: str
    last_name: str
    role: str
    organisation_key: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("admin", "admin@example.org", "Ada", "Admin", "administrator"),
    DemoAccount("editor", "editor@example.org", "Elena", "Ricci", "editor (secretariat)"),
    DemoAccount(
        "partner-a", "partner-a@example.org", "Camille", "Durand", "partner", "atelier-passerelle"
    ),
    DemoAccount(
        "partner-b", "partner-b@example.org", "Marco", "Bianchi", "partner", "il-ponte"
    ),
]


def create_demo_accounts(organisations):
    """Get or create each demo account; a password is set only on the accounts created."""
    for account in DEMO_ACCOUNTS:
        user = get_or_create_user(account)
        if account.username == "admin":
            continue
        user.groups.add(account_group(account, organisations))
    return DEMO_ACCOUNTS


def get_or_create_user(account):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=account.username,
        defaults={
            "email": account.email,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "is_staff": account.username == "admin",
            "is_superuser": account.username == "admin",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def account_group(account, organisations):
    if account.organisation_key:
        return organisations[account.organisation_key].partner_group
    # The secretariat's migration creates the group with its permissions; this only names it.
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    return group


def describe_logins(organisations):
    """One line per demo account, for the command and `scripts/run-site.sh` to print."""
    lines = []
    for account in DEMO_ACCOUNTS:
        where = ""
        if account.organisation_key:
            where = f" of {organisations[account.organisation_key].title}"
        lines.append(f"  {account.username:<10} {DEMO_PASSWORD}   {account.role}{where}")
    return lines
