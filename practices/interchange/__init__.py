"""Moving practices in and out of the knowledge base as JSON Lines, one practice a line.

Dependencies flow from low-level to high-level modules: `files` (images and documents in a
record) ← `body` (the StreamField's blocks in a record) ← `records` (the pydantic models of a
line and the checks it must pass, its JSON Schema) ← `vocabularies` (the controlled terms,
read once per file) and `identity` (which page a line names) ← `exporter` ← `importer` (which
compares a line with the practice's exported state). The management commands
`import_practices`, `export_practices` and `practice_schema` only read files and report.
"""
