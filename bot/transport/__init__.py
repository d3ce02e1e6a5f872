"""WhatsApp transports behind one small interface (`base.Transport`): neonize, console/in-memory."""
