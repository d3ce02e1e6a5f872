"""Authentication for the HTTP sidecar: passwords (API-16), JWTs (API-12), server-side sessions
(API-14), rate limits (API-17), OTP (API-20), the claim flow (API-21 … API-25) and logins
(API-30 … API-34) with principal resolution (API-15)."""
