"""Satbinmas Official accounts (P2): the official accounts of the jajaran units (dirrequest 36-41,
API-86, JOB-42). One row per unit and platform in `satbinmas_official_accounts`; their content in
`satbinmas_official_media`."""
