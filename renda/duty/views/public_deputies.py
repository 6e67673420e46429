"""Public pages (no log-in): published stories and deputies' public pages.

A public page never shows a deputy's phone, ID number, work address or birth
date beyond its year.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from renda.core.pagination import BoundedPaginator
from renda.core.parsing import parse_pk

from ..models import StoryPhoto
from ..selectors import stories as sel
from .stories import photo_response


def public_story_list_view(request):
    congress_id = parse_pk(request.GET.get("congress_id"))
    page = BoundedPaginator(sel.public_stories(congress_id=congress_id), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "duty/public/story_list.html",
        {"page": page, "query": f"congress_id={congress_id}" if congress_id else ""},
    )


def public_story_view(request, pk):
    story = sel.public_story(pk)
    return render(
        request,
        "duty/public/story.html",
        {"story": story, "photos": list(story.photos.all())},
    )


def public_deputy_list_view(request):
    filters = sel.PublicDeputyFilters.from_query(request.GET)
    page = BoundedPaginator(sel.public_deputies(filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "duty/public/deputy_list.html",
        {
            "page": page,
            "filters": filters,
            "congresses": sel.public_congresses(),
            "query": query.urlencode(),
        },
    )


def public_deputy_view(request, pk):
    data = sel.public_deputy(pk, year=sel.public_year(request.GET.get("year")))
    return render(
        request, "duty/public/deputy.html", {"data": data, "deputy": data.deputy}
    )


def public_story_photo_view(request, pk: int):
    """A photo of a published story (anyone)."""
    photo = (
        StoryPhoto.objects.filter(pk=pk, story__in=sel.public_stories())
        .only("id", "image")
        .first()
    )
    if photo is None:
        raise Http404
    response = photo_response(photo)
    response["Cache-Control"] = "public, max-age=3600"
    return response
