"""Context every page gets from core."""

from __future__ import annotations

import json
import os


def dropped_files(request) -> dict:
    """The files a refused post carried, by field, for the page shown again.

    A browser cannot be given a chosen file back: a page shown again after a
    refused post (a successful one redirects) has empty file inputs. The base
    template puts the names on ``<body data-dropped-files>`` and
    ``static/js/forms.js`` says beside each file input which file was not
    uploaded and must be chosen again. A view that kept the files itself (the
    deputy's suggestion form keeps them for the next try) sets
    ``request.renda_files_kept``.
    """
    if (
        request.method != "POST"
        or not request.FILES
        or getattr(request, "renda_files_kept", False)
    ):
        return {}
    names = {
        field: [
            os.path.basename(str(upload.name or "").replace("\\", "/"))[:100]
            for upload in request.FILES.getlist(field)
        ]
        for field in request.FILES
    }
    # The address it was posted to: only the inputs of the form that posted it
    # are marked (a page may hold several forms with the same field name).
    return {
        "dropped_files": json.dumps(
            {"path": request.path, "files": names}, ensure_ascii=False
        )
    }
