"""`{% load insights %}`: kept for the insights templates; the filters live in core
(`core/templatetags/figures.py`)."""

from xiezuo.core.templatetags.figures import register

__all__ = ["register"]
