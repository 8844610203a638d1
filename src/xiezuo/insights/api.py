"""JSON API of the insights app: (prefix, router) pairs registered by xiezuo.core.api."""

ROUTERS: list = []
