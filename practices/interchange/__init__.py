"""Moving practices in and out of the knowledge base as JSON Lines, one practice a line.

Dependencies flow from low-level to high-level modules: `records` (the format of a line and
the checks it must pass) and `body` (plain-text paragraphs ⇄ StreamField blocks)
← `vocabularies` (the controlled terms, read once per file) and `identity` (which page a line
names) ← `importer` and `exporter`. The management commands `import_practices` and
`export_practices` only read files and report.
"""
