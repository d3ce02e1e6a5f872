"""`userrequest` (CONV-90..99), the profile-link update (CONV-100), and the shared personnel field
rules and data blocks (CONV-69, CONV-75..82). Importing the package registers both."""

from menus.userrequest import menu, profile_link  # noqa: F401
