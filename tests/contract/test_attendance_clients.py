"""TimeTracker's workday card with attendance switched on, against a real `punchclock serve`: the
desktop's WorkdayCard.jsx and the mobile app's AttendanceNotifier replay their requests (headers and
bodies as in desktop/src/renderer-react/src/services/api.js and mobile/lib/data/api/api_client.dart)
and read what their code reads. A server of its own: the switch is the workspace's, and the module
beside this one checks the switched-off answer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.clients import Desktop, Mobile, error_code
from tests.contract.test_timetracker_clients import admin, base, connect, signed_in

pytestmark = pytest.mark.slow
__all__ = ["admin", "base", "connect", "signed_in"]  # the fixtures, for a server of this module's own


@pytest.fixture(scope="module", autouse=True)
def attendance_on(admin: Any) -> None:
    res = admin.http.put("/worktime/settings", json={"attendance": True})
    assert res.status_code == 200, res.text


def unwrap(res: Any) -> dict[str, Any]:
    """What both apps' unwrap does: the ``data`` of a ``success`` answer."""
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["success"] is True
    return dict(body["data"])


def test_the_desktop_workday_card(signed_in):
    # desktop/src/renderer-react/src/views/WorkdayCard.jsx runAttendanceAction
    desk = signed_in(Desktop)
    status = unwrap(desk.get("/api/v1/attendance/status"))
    assert (status["work_active"], status["break_active"]) == (False, False)
    unwrap(desk.post("/api/v1/workday/start", {"notes": "", "source": "desktop"}))
    assert unwrap(desk.get("/api/v1/attendance/status"))["work_active"] is True
    unwrap(desk.post("/api/v1/attendance/break/start", {"break_type": "rest"}))
    assert unwrap(desk.get("/api/v1/attendance/status"))["break_active"] is True
    unwrap(desk.post("/api/v1/attendance/break/end"))
    assert unwrap(desk.get("/api/v1/attendance/status"))["break_active"] is False
    unwrap(desk.post("/api/v1/workday/end", {"notes": ""}))
    assert unwrap(desk.get("/api/v1/attendance/status"))["work_active"] is False
    # A second "End workday" is TimeTracker's refusal, which the card shows as an error toast.
    refused = desk.post("/api/v1/workday/end", {"notes": ""})
    assert error_code(refused, 400) == "no_active_workday"
    assert refused.json()["success"] is False


def test_the_mobile_attendance_provider(signed_in):
    # mobile/lib/presentation/providers/attendance_provider.dart (Dio sends a JSON type on every request)
    app = signed_in(Mobile, timezone="Europe/Berlin")
    unwrap(app.post("/api/v1/workday/start", {"source": "mobile"}))
    status = unwrap(app.get("/api/v1/attendance/status"))
    assert status["work_active"] is True
    assert isinstance(status["work_period"], dict)
    assert isinstance(status["today"], dict)
    unwrap(app.post("/api/v1/attendance/break/start", {"break_type": "rest"}))
    unwrap(app.post("/api/v1/attendance/break/end"))  # no body, a JSON Content-Type all the same
    unwrap(app.post("/api/v1/workday/end", {}))
    history = unwrap(app.get("/api/v1/attendance/history?days=30"))
    [record] = history["records"]
    assert record["date"] or record["work_date"]
    assert record["status"] == "present"
    assert isinstance(record["hours"], float | int)
    assert isinstance(record["id"], int)  # the correction sheet's attendance_day_id
    corrections = app.post(
        "/api/v1/attendance/corrections", {"attendance_day_id": record["id"], "reason": "x"}
    )
    assert error_code(corrections, 403) == "module_disabled"
