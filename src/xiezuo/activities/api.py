"""JSON API of the activities app: (prefix, router) pairs registered by xiezuo.core.api."""

ROUTERS: list = []
