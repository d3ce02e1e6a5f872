"""`oprrequest` — the operator menu (CONV-110..125). Importing the package registers the menu."""

from menus.oprrequest import amplify, menu  # noqa: F401  (register levels and steps)
