"""Machine translation of page content: see `translation.translators` for the interface."""
