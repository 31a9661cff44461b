"""Parsers of the official records: pure functions from a page's bytes to plain dataclasses.

Nothing here touches the database. The importers (management commands) call these and write.

- ``sources``: get a record from a saved file or an http(s) URL (through the safe fetcher).
- ``decoding``: bytes of any encoding to text (BOM, HTTP charset, in-document declaration).
- ``un_names``: the UN's spellings of its 193 members and 2 observer states, mapped to codes.
- ``votes``: the recorded-vote dataclasses and the roll-call checks against the official totals.
- ``undl``: a UN Digital Library voting record (its HTML page or its MARCXML export).
- ``press``: UN meeting coverage (press.un.org) with "recorded vote of … as follows" paragraphs.
- ``un_votes``: one entry point that recognises which of the two UN formats it was given.
- ``coe_treaty_chart``: the Council of Europe Treaty Office chart of signatures and ratifications.

Every parser raises ``errors.RecordError`` (a ``ValueError``) with a sentence naming what is
missing or wrong; none lets a traceback from deep inside escape.
"""
