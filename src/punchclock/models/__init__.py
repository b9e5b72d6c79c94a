"""Every ORM table, one module each, on one metadata that Alembic reads."""

from punchclock.models.absence import Absence, AbsenceType
from punchclock.models.api_token import ApiToken
from punchclock.models.audit_event import AuditEvent
from punchclock.models.base import Base
from punchclock.models.client import Client
from punchclock.models.entry_tag import EntryTag
from punchclock.models.entry_version import EntryVersion
from punchclock.models.favorite_project import FavoriteProject
from punchclock.models.holiday import HolidayDay, HolidayYear
from punchclock.models.idempotency_key import IdempotencyKey
from punchclock.models.job_lease import JobLease
from punchclock.models.mail_token import MailToken
from punchclock.models.notification import Notification
from punchclock.models.preset import Preset
from punchclock.models.project import Project
from punchclock.models.project_member import ProjectMember
from punchclock.models.recovery_code import RecoveryCode
from punchclock.models.reminder_setting import ReminderSetting
from punchclock.models.saved_report import SavedReport
from punchclock.models.server_setting import ServerSetting
from punchclock.models.sso_flow import SsoFlow
from punchclock.models.sync_state import SyncState
from punchclock.models.task import Task
from punchclock.models.team import Team, TeamMember
from punchclock.models.time_entry import TimeEntry
from punchclock.models.timesheet_period import TimesheetPeriod
from punchclock.models.user import User
from punchclock.models.user_identity import UserIdentity
from punchclock.models.user_setting import UserSetting
from punchclock.models.user_totp import UserTotp
from punchclock.models.web_session import WebSession
from punchclock.models.webhook import Webhook
from punchclock.models.webhook_delivery import WebhookDelivery
from punchclock.models.work_day import WorkDay, WorkDayState
from punchclock.models.work_model import WorkAdjustment, WorkModel

__all__ = [
    "Absence",
    "AbsenceType",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Client",
    "EntryTag",
    "EntryVersion",
    "FavoriteProject",
    "HolidayDay",
    "HolidayYear",
    "IdempotencyKey",
    "JobLease",
    "MailToken",
    "Notification",
    "Preset",
    "Project",
    "ProjectMember",
    "RecoveryCode",
    "ReminderSetting",
    "SavedReport",
    "ServerSetting",
    "SsoFlow",
    "SyncState",
    "Task",
    "Team",
    "TeamMember",
    "TimeEntry",
    "TimesheetPeriod",
    "User",
    "UserIdentity",
    "UserSetting",
    "UserTotp",
    "WebSession",
    "Webhook",
    "WebhookDelivery",
    "WorkAdjustment",
    "WorkDay",
    "WorkDayState",
    "WorkModel",
]
