"""The JSON API: each app's router mounted under /api/ (schema at /api/docs)."""

from ninja import NinjaAPI

api = NinjaAPI(title="Twinning API", version="1", urls_namespace="api")
