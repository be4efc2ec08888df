"""Public verification page for signed documents (文书验证)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bashu.core.errors import NotFound
from bashu.recognition.keys import published_keys
from bashu.recognition.selectors import certificate_public
from bashu.recognition.signing import verify


def verify_page(request: HttpRequest) -> HttpResponse:
    """Paste a signed document; the page says whether it is authentic and what it states."""
    text = request.POST.get("document", "") if request.method == "POST" else ""
    result = payload = None
    if text.strip():
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            result = {"valid": False, "reason": f"不是有效的 JSON：{exc.msg} (not valid JSON)"}
        else:
            outcome = verify(document, published_keys())
            result = {
                "valid": outcome.valid,
                "reason": outcome.reason,
                "kid": outcome.kid,
                "region": outcome.region,
            }
            payload = document.get("payload") if outcome.valid else None
    return render(
        request, "recognition/verify.html", {"text": text, "result": result, "payload": payload}
    )


def certificate_page(request: HttpRequest) -> HttpResponse:
    """Public certificate check (证书核验): number + holder's name → status, masked holder,
    issuing body and the recognition decisions made on it."""
    number = request.GET.get("number", "").strip()
    name = request.GET.get("name", "").strip()
    result = error = None
    if number and name:
        try:
            result = certificate_public(number, name)
        except NotFound as exc:
            error = exc.message
    return render(
        request,
        "recognition/certificate.html",
        {"number": number, "name": name, "result": result, "error": error},
    )
