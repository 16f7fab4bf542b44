"""Pages without a total, for lists too large to count on every visit (a responder's queue of
200,000 requests, a forum of 50,000 topics): "previous", "page N" and "next". Whoever fills the
page reads one row more than it shows, to know whether a next page exists."""

from dataclasses import dataclass, field

MAX_PAGE = 100_000


def page_number(value) -> int:
    """The page asked for; anything that is not a page number is the first page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


@dataclass
class UncountedPage:
    number: int
    size: int
    object_list: list = field(default_factory=list)
    has_next: bool = False

    @classmethod
    def of(cls, rows: list, *, number: int, size: int) -> "UncountedPage":
        """The page from ``rows`` read with one row more than ``size``."""
        return cls(number=number, size=size, object_list=rows[:size], has_next=len(rows) > size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def query_with(request, **changes) -> str:
    """This page's query string with ``changes`` (``None`` drops a parameter): links to another
    page, sort or filter that keep the reader's other choices."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
