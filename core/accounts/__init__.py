"""Accounts: personnel (`"user"`), clients and roles — the service layer shared by the HTTP
sidecar and the WhatsApp menus (API-11, API-40 … API-70, CONV-79 … CONV-82).

Modules: `fields` (API-11 normalisers), `access` (caller classes and scope), `users`, `clients`,
`audit` (audit_log rows), `errors` (typed reasons), `revocation` (session-revocation protocol).
"""
