"""Test-wide setup: the player's data folder (saves, autosaves, settings, crash reports) points
into a temporary folder, so no test ever writes to the real one."""

import os

import pytest

from game.userdata import ENV_VAR


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory):
    if os.environ.get(ENV_VAR):
        yield
        return
    os.environ[ENV_VAR] = str(tmp_path_factory.mktemp("userdata"))
    try:
        yield
    finally:
        os.environ.pop(ENV_VAR, None)


@pytest.fixture(autouse=True)
def _english():
    """Every test starts and ends in English, whatever the one before switched to."""
    from game import i18n

    i18n.set_language(i18n.DEFAULT)
    yield
    i18n.set_language(i18n.DEFAULT)
