"""The composition root: builds the running system (database, agencies, delivery) from settings."""
