"""Letters the office issues (Bescheide): rendered from templates to PDF/A with WeasyPrint,
filed as the case's documents, attached to the state mail.

What a letter says about the city (office, address, signature block, legal texts) is data the
city edits in the admin (``LetterSettings``), not code.
"""
