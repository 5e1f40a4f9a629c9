"""The one exception type that tools/stack turns into a one-line message."""


class StackError(Exception):
    """A failure shown to the user as one line, with the exit status to use."""

    def __init__(self, message, exit_code=1):
        super().__init__(message)
        self.exit_code = exit_code
