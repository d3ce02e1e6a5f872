"""Cicero conversation layer: the WhatsApp menus and the small menu framework."""
