"""Domain errors of the exchange."""

from xiezuo.core.errors import Conflict


class IllegalTransition(Conflict):
    """A posting action that its current state does not allow (409); nothing changes."""
