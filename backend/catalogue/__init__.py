"""The public offering catalogue (``/angebote/``): search, filters, offering pages, the gap
view per district and the open data files. No login; read-only."""
