from __future__ import annotations

from collections.abc import Iterator

import pytest

from punchclock.config import Settings
from tests.mailbox import Mailbox, running


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with running() as box:
        yield box


@pytest.fixture
def settings(settings: Settings, mailbox: Mailbox) -> Settings:
    return settings.model_copy(update=mailbox.settings)
