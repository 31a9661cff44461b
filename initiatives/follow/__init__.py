"""Follow and alerts: a reader follows a framework, an actor or a saved filtered list, and gets the
published position changes on it by e-mail (an instant or a daily digest) and in a private Atom feed.

- models.py: the follower (one per e-mail address), what they follow, and the digests sent.
- lists.py: a saved list, read and validated by the same filters as the page it comes from.
- digests.py: which changes a follower has not yet been sent, claiming them, and the e-mails.
- tasks.py: the beat-driven tasks that send the digests.
- views.py, forms.py, feeds.py, urls.py: the pages, the subscribe form and the private Atom feed.
"""
