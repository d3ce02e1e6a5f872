"""`userrequest` (CONV-90..99) and the shared personnel field rules and data blocks (CONV-69, CONV-75..82).

Importing the package registers the menu."""

from menus.userrequest import menu  # noqa: F401
