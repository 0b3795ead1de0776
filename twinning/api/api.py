"""The JSON API: each app's router mounted under /api/ (schema at /api/docs)."""

from ninja import NinjaAPI

from twinning.events.api import router as events_router
from twinning.groups.api import router as groups_router
from twinning.profiles.api import router as profiles_router
from twinning.projects.api import router as projects_router
from twinning.schools.api import router as schools_router
from twinning.search.idea_api import router as ideas_router

api = NinjaAPI(title="Twinning API", version="1", urls_namespace="api")

api.add_router("/profiles/", profiles_router)
api.add_router("/schools/", schools_router)
api.add_router("/groups/", groups_router)
api.add_router("/", projects_router)  # /api/projects/, /api/invitations/, /api/steps/
api.add_router("/ideas/", ideas_router)
api.add_router("/events/", events_router)
