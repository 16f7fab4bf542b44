"""What is open for participation now, across channels, for the home and agency pages.

Channels (consultations, polls, forums, …) register a provider in their AppConfig.ready():
``open_now.register(provider)`` where ``provider(agency)`` returns the channel's open items,
for one agency or, with ``agency=None``, for all. Core knows no channel.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from musharaka.core.models import Agency


@dataclass(frozen=True)
class OpenItem:
    title: str
    url: str
    kind: str
    agency: Agency
    closes_at: datetime | None = None


Provider = Callable[[Agency | None], Iterable[OpenItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def open_items(*, agency: Agency | None = None, limit: int = 12) -> list[OpenItem]:
    """Items from every channel, closing soonest first (open-ended ones last)."""
    items = [item for provider in _providers for item in provider(agency)]
    far_future = datetime.max.replace(tzinfo=None)
    items.sort(key=lambda i: i.closes_at.replace(tzinfo=None) if i.closes_at else far_future)
    return items[:limit]
