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
