"""`clientrequest` — the admin menu (CONV-140..159). Importing the package registers the menu."""

from menus.clientrequest import complaint, folder_import, menu, social, transfer, users  # noqa: F401
