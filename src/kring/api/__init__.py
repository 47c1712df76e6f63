"""The REST API under /api/v1/ (Django REST Framework, OpenAPI via drf-spectacular) and the
coordinator's page for API tokens. Reads and writes go through the same access functions and
domain actions as the pages; see docs/api.md."""
