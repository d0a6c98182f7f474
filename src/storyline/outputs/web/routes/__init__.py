"""One module per resource group; each exposes ``router``."""
