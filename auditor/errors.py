"""Errors that end a run with exit code 2 and one clear line on stderr."""


class AuditorError(Exception):
    """A usage or input problem the user can fix."""


class InputError(AuditorError):
    """A pack that cannot be read."""


class RuleFileError(AuditorError):
    """A malformed rule file: names the file and the field."""
