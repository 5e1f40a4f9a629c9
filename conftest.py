# The stack suites' shared fixtures; pytest only allows plugins to be
# named in the top-level conftest.
pytest_plugins = ['tests.fixtures']
