"""The search engine: index, analyzer, queries, highlighting. No UI code here."""
