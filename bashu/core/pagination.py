"""Pagination of list APIs (分页), written once.

One shape for every list the API answers: ninja's standard ``{"items": [...], "count": n}``
(``ninja.pagination.PaginationBase.Output``), read with ``limit`` and ``offset``:

* ``limit`` is 1..``maximum`` (``MAX_LIMIT``, 500, unless the endpoint declares its own), by
  default ``settings.NINJA_PAGINATION_PER_PAGE``;
* ``offset`` is 0..``bashu.core.bounds.MAX_OFFSET`` (100 000): a list is not read that deep
  by a page, an export does it.

Either bound broken is a 422 in the API's error shape naming the field (``limit`` or
``offset``) with rule ``maximum``/``minimum``, never a 500 and never a silent clamp: a client
that asks for more than it can have is told so.

Two ways to use it:

* a list endpoint: ``@paginate(convert=selectors.person_data)`` (this module's ``paginate``)
  under ``@router.get(..., response=list[PersonOut])``; the handler returns the queryset
  (ordered), ninja wraps the response schema as ``{items: list[PersonOut], count}``;
* an answer that carries the page beside other fields (the indices API): declare
  ``page: Query[Pagination.Input]`` (or its subclass) and put ``**page_of(queryset, page, convert)`` in the answer.

An endpoint whose page is larger (the indices answer up to 5000 cells) subclasses
``Pagination.Input`` and redeclares ``limit`` (see ``Pagination``).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest
from ninja import Field
from ninja.pagination import PaginationBase
from ninja.pagination import paginate as ninja_paginate

from bashu.core.bounds import MAX_OFFSET

#: Largest page a list endpoint answers unless it declares its own maximum.
MAX_LIMIT = 500

Convert = Callable[[Any], Any]
F = TypeVar("F", bound=Callable[..., Any])


def _count(items: Any) -> int:
    """``count()`` of a queryset (one ``SELECT COUNT``), ``len`` of anything else."""
    count = getattr(items, "count", None)
    if callable(count) and not isinstance(items, Sequence):
        return int(count())
    return len(items)


def page_of(items: Any, page: Any, convert: Convert | None = None) -> dict[str, Any]:
    """``{"items": …, "count": …}`` for one page of ``items`` (a queryset or a sequence):
    one count and one slice, each item passed through ``convert``."""
    rows = items[page.offset : page.offset + page.limit]
    return {
        "items": [convert(row) for row in rows] if convert else list(rows),
        "count": _count(items),
    }


class Pagination(PaginationBase):
    """Limit/offset pagination with bounds (``limit`` 1..``MAX_LIMIT``, ``offset`` 0..
    ``MAX_OFFSET``) answering ninja's ``{items, count}``. ``convert`` (a ``paginate``
    argument) turns each row into what the item schema reads, e.g. a masked dict.

    An endpoint with another page size subclasses ``Input`` and redeclares ``limit`` only
    (the offset bound is the same everywhere)::

        class Page(Pagination.Input):
            limit: int = Field(1000, ge=1, le=5000)

        class CellPagination(Pagination):
            Input = Page  # for @paginate(CellPagination)
    """

    class Input(PaginationBase.Input):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=MAX_LIMIT,
            description="每页条数 (rows per page)",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="起始位置 (rows to skip)")

    def __init__(self, *, convert: Convert | None = None, **kwargs: Any) -> None:
        self.convert = convert
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        return page_of(queryset, pagination, self.convert)


def paginate(
    pagination: type[PaginationBase] = Pagination, *, convert: Convert | None = None
) -> Callable[[F], F]:
    """ninja's ``paginate`` with ``Pagination`` (or the class given) and ``convert``.

    The handler's annotations are resolved first, in its own module: ninja reads the
    signature of its wrapper with the wrapper's globals, so in a module with ``from
    __future__ import annotations`` a bounded type such as ``Code`` would not be found."""

    def decorate(func: F) -> F:
        func.__annotations__ = typing.get_type_hints(func, include_extras=True)
        wrapped: F = ninja_paginate(pagination, convert=convert)(func)
        return wrapped

    return decorate
