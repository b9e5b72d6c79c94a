"""Query parameters of the grouped reports and report exports (FastAPI layer)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from punchclock.errors import ValidationFailed
from punchclock.kit.ids import parse_id_list
from punchclock.kit.types import Text
from punchclock.report.grouped import DIMENSIONS, ReportQuery

MAX_IDS = 500


def id_list(value: str | None, name: str) -> list[int] | None:
    """``"1,2,3"`` to ``[1, 2, 3]``; None when absent; 400 on anything else."""
    if value is None or not value.strip():
        return None
    ids = parse_id_list(value, MAX_IDS)
    if ids is None:
        raise ValidationFailed(f"{name} must be comma-separated ids (at most {MAX_IDS})", field=name)
    return ids


Dim = Annotated[Text, Query(description=f"One of: {', '.join(DIMENSIONS)}", max_length=20)]
Csv = Annotated[Text | None, Query(max_length=4000, description="Comma-separated")]


async def report_query(
    start_date: Annotated[Text | None, Query(max_length=10, description="YYYY-MM-DD, local")] = None,
    end_date: Annotated[Text | None, Query(max_length=10, description="YYYY-MM-DD, inclusive")] = None,
    group_by: Dim = "project",
    sub_group_by: Annotated[Text | None, Query(max_length=20)] = None,
    user_ids: Csv = None,
    project_ids: Csv = None,
    client_ids: Csv = None,
    task_ids: Csv = None,
    tags: Csv = None,
    billable: bool | None = None,
    approval: Annotated[
        Literal["approved", "open"] | None,
        Query(description="approved: only time inside approved or closed periods; open: only the rest"),
    ] = None,
    rounding: Annotated[Text, Query(max_length=10, description="none, nearest, up or down")] = "none",
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
        task_ids=id_list(task_ids, "task_ids"),
        tags=[t.strip() for t in (tags or "").split(",") if t.strip()],
        billable=billable,
        approval=approval,
        rounding=rounding,
        rounding_minutes=rounding_minutes,
    )


ReportQueryDep = Annotated[ReportQuery, Depends(report_query)]
