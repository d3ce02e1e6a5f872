"""`userrequest` (CONV-90..99) and the shared personnel field rules and data blocks (CONV-69, CONV-75..82)."""
