"""The web dashboard: server-rendered pages, a JSON API, accounts and roles, scope enforced in one place."""
