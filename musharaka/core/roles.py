"""Which role may do what in an agency. ``docs/roles.md`` shows this table and
``tests/core/test_roles.py`` checks the two agree and walks every cell through ``rules``."""

from musharaka.core.models import Role

ALL = frozenset(Role.values)

ACTIONS: dict[str, frozenset[str]] = {
    # Seeing the agency's workspace at all.
    "workspace.view": ALL,
    "agency.edit": frozenset({Role.MANAGER}),
    "members.manage": frozenset({Role.MANAGER}),
    "representation.confirm": frozenset({Role.MANAGER}),
    "audit.view": frozenset({Role.MANAGER, Role.ANALYST}),
    # Channels (used by later parts of the platform).
    "content.edit": frozenset({Role.MANAGER, Role.EDITOR}),
    "content.publish": frozenset({Role.MANAGER, Role.EDITOR}),
    "contributions.moderate": frozenset({Role.MANAGER, Role.MODERATOR}),
    "requests.respond": frozenset({Role.MANAGER, Role.RESPONDER}),
    "reports.view": frozenset({Role.MANAGER, Role.ANALYST}),
    "socialmedia.manage": frozenset({Role.MANAGER, Role.SOCIAL_MEDIA_OFFICER}),
}
