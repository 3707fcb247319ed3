"""The two search backends, each answering validated `SearchParams` with a `SearchResult`
(search.results): `elasticsearch`, on the index, and `database`, on PostgreSQL for when the
index cannot answer. Neither imports the other; search.service chooses between them."""
