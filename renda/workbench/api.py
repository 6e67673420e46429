"""/api/v1/me: who the caller is, their roles and scope, and what they may open;
/api/v1/workbench: the caller's queues, the tiles of the landing page.

Here rather than in accounts: the permissions it lists are the registry apps'
own checks (the navigation's flags for API clients), and accounts is below them.
"""

from ninja import Router

from renda.accounts.permissions import get_scope
from renda.accounts.schemas import MeOut
from renda.core.api import READ_ERRORS
from renda.deputies.permissions import (
    can_browse_deputies,
    can_export_deputies,
    can_view_statistics,
)
from renda.stations.permissions import can_browse_stations

from .schemas import WorkbenchOut
from .selectors import workbench_sections

router = Router()
workbench_router = Router()


def _ref(obj):
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


@router.get(
    "",
    response={200: MeOut, **READ_ERRORS},
    summary="当前用户",
    # Kept from when the endpoint lived in renda.accounts.api.
    operation_id="renda_accounts_api_me",
    description="当前用户（会话或令牌对应的账号）、角色、工作范围和可用功能。",
)
def me(request):
    user = request.auth
    scope = get_scope(user)
    assignments = user.role_assignments.select_related(
        "congress", "handling_unit", "station", "deputy"
    ).order_by("role", "id")
    return {
        "id": user.pk,
        "username": user.get_username(),
        "display_name": user.display_name or user.get_username(),
        "roles": [
            {
                "role": assignment.role,
                "label": str(assignment.get_role_display()),
                "congress": _ref(assignment.congress),
                "handling_unit": _ref(assignment.handling_unit),
                "station": _ref(assignment.station),
                "deputy": _ref(assignment.deputy),
            }
            for assignment in assignments
        ],
        "scope": {
            "is_admin": scope.is_admin,
            "congress_ids": sorted(scope.congress_ids),
            "unit_ids": sorted(scope.unit_ids),
            "station_ids": sorted(scope.station_ids),
            "deputy_id": scope.deputy_id,
            "region_codes": sorted(
                path.strip("/").rsplit("/", 1)[-1] for path in scope.region_paths
            ),
        },
        "permissions": {
            "browse_deputies": can_browse_deputies(user),
            "browse_stations": can_browse_stations(user),
            "view_statistics": can_view_statistics(user),
            "export_deputies": can_export_deputies(user),
        },
    }


def _item(item):
    if item is None:
        return None
    return {
        # Labels may be lazy translations (a status's label).
        "title": str(item.title),
        "url": item.url,
        "note": str(item.note),
        "urgent": item.urgent,
    }


@workbench_router.get(
    "",
    response={200: WorkbenchOut, **READ_ERRORS},
    summary="工作台",
    description=(
        "当前用户每个角色的待办：每类的件数等于其链接列表的条数，"
        "最紧急的在前，附最前面的几件及其办理入口。"
    ),
)
def workbench(request):
    sections = workbench_sections(request.auth)
    return {
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "action": _item(section.action),
                "tiles": [
                    {
                        "key": tile.key,
                        "label": str(tile.label),
                        "count": tile.count,
                        "url": tile.url,
                        "urgency": tile.urgency,
                        "note": str(tile.note),
                        "items": [_item(item) for item in tile.items],
                    }
                    for tile in section.ordered()
                ],
            }
            for section in sections
        ]
    }
