"""JSON API of the cooperation app: (prefix, router) pairs registered by xiezuo.core.api."""

ROUTERS: list = []
