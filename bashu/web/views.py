"""Portal pages: thin views over selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bashu.core.errors import Forbidden
from bashu.people.models import Person
from bashu.people.selectors import person_list
from bashu.recognition.selectors import credentials_of
from bashu.web.selectors import headline_list


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"headlines": headline_list()})


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The account, and for a person their own credentials with signed exports (我的证书)."""
    person = Person.objects.filter(account_id=request.user.pk).first()
    credentials = credentials_of(person.pk) if person else []
    return render(request, "web/me.html", {"credentials": credentials})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Persons in the caseworker's region, masked, 50 a page."""
    try:
        queryset = person_list(user=request.user, q=request.GET.get("q") or None)  # type: ignore[arg-type]
    except Forbidden as exc:
        return render(request, "web/forbidden.html", {"message": exc.message}, status=403)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "web/people.html", {"page": page, "q": request.GET.get("q", "")})
