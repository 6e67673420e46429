import pytest

from renda.hotline.far_side import FarSide


@pytest.fixture(scope="session")
def far_server():
    far = FarSide().start()
    yield far
    far.stop()


@pytest.fixture
def far(far_server, settings):
    """The 12345 stub, emptied, with short timeouts on Renda's side."""
    if far_server.server is None:
        far_server.start()
    far_server.reset()
    settings.RENDA_HOTLINE_TIMEOUT_SECONDS = 0.4
    far_server.delay = 0.8
    yield far_server
    far_server.faults.clear()


class Clock:
    """A settable stand-in for ``django.utils.timezone`` in the sender."""

    def __init__(self, at):
        self.at = at

    def now(self):
        return self.at


@pytest.fixture
def clock(monkeypatch, far_server):
    """Freeze the sender's and the staff actions' clock at START (queued attempts
    carry no time of their own: they run by this clock), and the far side's with it;
    a test moves ``clock.at`` to let time pass."""
    from renda.hotline.services import outbound, outbound_staff
    from renda.suggestions.tests.factories import START

    frozen = Clock(START)
    monkeypatch.setattr(outbound, "timezone", frozen)
    monkeypatch.setattr(outbound_staff, "timezone", frozen)
    far_server.clock = frozen.now  # the 12345 side shares the clock
    yield frozen
    far_server.clock = None
