"""News ingestion: fetch feeds and pages safely, keep one Article per story text, and store what the analysis suggests.

http.py (the only way out to the network), urls.py (normalisation), feeds.py (parsing),
articles.py and stories.py (dedupe and grouping), suggestions.py (writing Mentions and pending Stances),
pipeline.py (the steps the Celery tasks and commands run), review.py (approve and reject),
alias_index.py (the alias index each process analyses with, rebuilt when aliases change).
"""
