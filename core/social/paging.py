"""What a paginator returns (ING-API-9): the items, whether the provider had nothing more, the error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from core.social.rapidapi import RapidApiError

T = TypeVar("T")


@dataclass
class Paged(Generic[T]):
    """`complete` is true only when paging stopped because the provider had nothing more (or, for
    post lists, an older item proved today is covered); cap, limit, loop guard or error → false."""

    items: list[T] = field(default_factory=list)
    complete: bool = False
    error: RapidApiError | None = None
    pages: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None
