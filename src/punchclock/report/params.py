"""Query parameters of the grouped reports and report exports (FastAPI layer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from punchclock.errors import ValidationFailed
from punchclock.report.grouped import DIMENSIONS, ReportQuery

MAX_IDS = 500


def id_list(value: str | None, name: str) -> list[int] | None:
    """``"1,2,3"`` to ``[1, 2, 3]``; None when absent; 400 on anything else."""
    if value is None or not value.strip():
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    if len(items) > MAX_IDS or not all(v.isdigit() and 0 < int(v) < 2**31 for v in items):
        raise ValidationFailed(f"{name} must be comma-separated ids (at most {MAX_IDS})", field=name)
    return [int(v) for v in items]


Dim = Annotated[str, Query(description=f"One of: {', '.join(DIMENSIONS)}", max_length=20)]
Csv = Annotated[str | None, Query(max_length=4000, description="Comma-separated")]


async def report_query(
    start_date: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, local")] = None,
    end_date: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, inclusive")] = None,
    group_by: Dim = "project",
    sub_group_by: Annotated[str | None, Query(max_length=20)] = None,
    user_ids: Csv = None,
    project_ids: Csv = None,
    client_ids: Csv = None,
    tags: Csv = None,
    billable: bool | None = None,
    rounding: Annotated[str, Query(max_length=10, description="none, nearest, up or down")] = "none",
    rounding_minutes: Annotated[int, Query(ge=1, le=1440)] = 15,
) -> ReportQuery:
    return ReportQuery(
        start_date=start_date,
        end_date=end_date,
        group_by=group_by,
        sub_group_by=sub_group_by or None,
        user_ids=id_list(user_ids, "user_ids"),
        project_ids=id_list(project_ids, "project_ids"),
        client_ids=id_list(client_ids, "client_ids"),
        tags=[t.strip() for t in (tags or "").split(",") if t.strip()],
        billable=billable,
        rounding=rounding,
        rounding_minutes=rounding_minutes,
    )


ReportQueryDep = Annotated[ReportQuery, Depends(report_query)]
