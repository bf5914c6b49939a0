"""What the tests share, and nothing else: no test lives here, and no test imports another.

- `places`: the test places and fronts, each written once.
- `stories`: the clocks and the builders of stories with the extraction a test wants.
- `stand_in`: the stand-in engine that drives the dashboard over a real `Model`.
- `dashboard`: the fixed desk scenario the Pilot tests and the snapshots show.
- `wire`: the loopback feed server (`feeds.demo.wire`, as the demo and bench use it)
  with a route table and a request log, and the one RSS / Atom writer.
- `pages`: news article pages shaped like real ones, for the article fetcher.
- `cli`: the installed console script, run as a user runs it.
- `paths`: the checkout and the test data folder.
"""
