import pytest


@pytest.fixture(scope='session')
def admin(admin_http):
    """The Horizon HTTP session of the admin user."""
    return admin_http


@pytest.fixture(scope='session')
def member(member_http):
    """The Horizon HTTP session of the member user."""
    return member_http
