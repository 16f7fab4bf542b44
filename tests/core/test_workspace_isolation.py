"""One agency's staff can never reach another agency's workspace.

The URLs are collected by walking the resolver, so every workspace page that later work adds
under the ``workspace`` namespace is covered without editing this file. Arguments other than
``agency`` are filled with agency B's objects (a model whose name matches the argument and that
has an ``agency`` field), or a placeholder when no such object exists.
"""

import uuid

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter

from musharaka.core.models import AuditEvent, Membership, Representation, Role
from musharaka.core.services import membership_add, representation_declare
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory


def workspace_urls() -> list[tuple[str, dict]]:
    """``(namespaced name, {argument: converter})`` for every workspace URL taking ``agency``."""
    found: list[tuple[str, dict]] = []

    def walk(patterns, namespaces: list[str], converters: dict, inside: bool) -> None:
        for pattern in patterns:
            own = getattr(pattern.pattern, "converters", None)
            if own is None:  # re_path: its named groups, read as strings
                own = {name: None for name in pattern.pattern.regex.groupindex}
            merged = {**converters, **own}
            if isinstance(pattern, URLResolver):
                spaces = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, spaces, merged, inside or "workspace" in spaces)
            elif isinstance(pattern, URLPattern) and inside and pattern.name and "agency" in merged:
                found.append((":".join([*namespaces, pattern.name]), merged))

    walk(get_resolver().url_patterns, [], {}, False)
    return found


WORKSPACE_URLS = workspace_urls()


def test_the_walk_finds_the_workspace_pages():
    names = {name for name, _ in WORKSPACE_URLS}
    assert {
        "workspace:home",
        "workspace:members",
        "workspace:member_remove",
        "workspace:representatives",
        "workspace:representative_decide",
        "workspace:profile",
        "workspace:audit",
    } <= names


def _object_of(agency, argument: str):
    """An object of ``agency`` for a URL argument named after its model (``membership``)."""
    key = argument.removesuffix("_id").removesuffix("_pk").replace("_", "")
    for model in apps.get_models():
        if model._meta.model_name == key and any(f.name == "agency" for f in model._meta.fields):
            return model.objects.filter(agency=agency).order_by("-pk").first()
    return None


def url_kwargs(converters: dict, *, slug: str, owner) -> tuple[dict, bool]:
    """Arguments for ``reverse``; ``True`` when every object argument is a real one of ``owner``."""
    kwargs, all_real = {}, True
    for name, converter in converters.items():
        if name == "agency":
            kwargs[name] = slug
            continue
        obj = _object_of(owner, name)
        if obj is not None:
            use_slug = isinstance(converter, SlugConverter) and hasattr(obj, "slug")
            kwargs[name] = obj.slug if use_slug else obj.pk
            continue
        all_real = False
        if isinstance(converter, IntConverter):
            kwargs[name] = 999_999
        elif isinstance(converter, UUIDConverter):
            kwargs[name] = uuid.uuid4()
        else:
            kwargs[name] = "placeholder"
    return kwargs, all_real


@pytest.fixture
def two_agencies(db, settings):
    a, b = AgencyFactory(slug="agency-a"), AgencyFactory(slug="agency-b")
    manager_a, manager_b = make_staff(a, Role.MANAGER), make_staff(b, Role.MANAGER)
    # Agency B has something behind each kind of workspace object.
    membership_add(
        actor=None,
        agency=b,
        user=UserFactory(email="editor.b@example.sa", full_name="Editor of B"),
        role="editor",
    )
    representation_declare(
        user=UserFactory(email="rep.b@example.sa"), kind="agency", agency=b, job_title="Director"
    )
    client_a, client_b = Client(), Client()
    client_a.force_login(manager_a)
    client_b.force_login(manager_b)
    return {"a": a, "b": b, "client_a": client_a, "client_b": client_b}


@pytest.mark.parametrize(("name", "converters"), WORKSPACE_URLS, ids=[n for n, _ in WORKSPACE_URLS])
def test_manager_of_a_gets_404_on_every_url_of_b(two_agencies, name, converters):
    a, b = two_agencies["a"], two_agencies["b"]
    kwargs, all_real = url_kwargs(converters, slug=b.slug, owner=b)
    url = reverse(name, kwargs=kwargs)
    events_before = AuditEvent.objects.count()

    as_a = {m: getattr(two_agencies["client_a"], m)(url) for m in ("get", "post")}
    as_b = {m: getattr(two_agencies["client_b"], m)(url) for m in ("get", "post")}

    accepted = [m for m in ("get", "post") if as_b[m].status_code != 405]
    assert accepted, f"{url} accepts neither GET nor POST"
    for method in accepted:
        assert as_a[method].status_code == 404, f"{method.upper()} {url} as A's manager"
        if all_real:
            assert as_b[method].status_code not in (403, 404), f"{method.upper()} {url} as B's"
            assert as_b[method].status_code < 500
    # A's requests changed nothing; only B's own POST may have been recorded.
    assert not AuditEvent.objects.filter(pk__gt=events_before, agency=a).exists()
    assert not AuditEvent.objects.filter(
        pk__gt=events_before, actor__memberships__agency=a
    ).exists()


OBJECT_URLS = [(n, c) for n, c in WORKSPACE_URLS if set(c) - {"agency"}]


@pytest.mark.parametrize(("name", "converters"), OBJECT_URLS, ids=[n for n, _ in OBJECT_URLS])
def test_objects_of_b_cannot_be_reached_through_a_workspace(two_agencies, name, converters):
    """A's own workspace address with B's object ids: 404, and B's object is untouched."""
    a, b = two_agencies["a"], two_agencies["b"]
    kwargs, all_real = url_kwargs(converters, slug=a.slug, owner=b)
    assert all_real or name not in {"workspace:member_remove", "workspace:representative_decide"}
    url = reverse(name, kwargs=kwargs)
    memberships, pending = (
        Membership.objects.count(),
        Representation.objects.filter(status="pending").count(),
    )

    for method in ("get", "post"):
        response = getattr(two_agencies["client_a"], method)(url, {"decision": "confirm"})
        assert response.status_code in (404, 405), f"{method.upper()} {url}"
    assert Membership.objects.count() == memberships
    assert Representation.objects.filter(status="pending").count() == pending


def test_workspace_pages_show_only_their_own_agency(two_agencies):
    a, b = two_agencies["a"], two_agencies["b"]
    # Agency A has its own, differently named people and events.
    membership_add(
        actor=None,
        agency=a,
        user=UserFactory(email="editor.a@example.sa", full_name="Editor of A"),
        role="editor",
    )
    representation_declare(
        user=UserFactory(email="rep.a@example.sa"), kind="agency", agency=a, job_title="Adviser"
    )
    client = two_agencies["client_a"]

    members = client.get(f"/en/workspace/{a.slug}/members/").content.decode()
    assert "editor.a@example.sa" in members
    assert "editor.b@example.sa" not in members
    assert not any(m.user.email in members for m in Membership.objects.filter(agency=b))

    reps = client.get(f"/en/workspace/{a.slug}/representatives/").content.decode()
    assert "rep.a@example.sa" in reps
    assert "rep.b@example.sa" not in reps

    audit = client.get(f"/en/workspace/{a.slug}/audit/").content.decode()
    assert "Editor of A" in audit
    assert "Editor of B" not in audit

    home = client.get(f"/en/workspace/{a.slug}/")
    assert home.context["counts"] == {
        "representations": 1,
        "members": 2,
        "moderation": 0,
        "overdue_outcomes": 0,
    }
