"""Reading a story: its places, distances and changes of control.

The stage between the gazetteer (`feeds.geo`) and the model: text in, an `Extraction` out.

- `sentences`  the sentences of a text, with offsets
- `candidates` capitalised runs and the place names they may hold (`found`: one mention
  being read; `context`: what neighbouring names say; `compounds`: a known town inside a
  longer name or an organisation's; `headlines`: lines where capitals say nothing;
  `persons`: people remembered across stories)
- `toponyms`   which place each name is (two passes over the story): `ranking` of homonyms,
  `credibility` (is it a place at all), `theatre` (the story's countries), `metonymy`
  (a capital for its government), `nearby` (the geometry of context)
- `learning`   villages no gazetteer knows, learned from their context (`settlements`)
- `document`   one story being read, and the look-ups the rules share
- `distances`  "within 5 km of X" and "X, 50 km away"
- `control`    captures, entries, sieges, withdrawals
- `numbers`, `phrases`, `namewords`, `givennames`, `orgwords`, `placewords`, `english`,
  `gates`, `memo`: the vocabulary and how it is scanned fast
- `extractor`  the whole reading; `output` its JSON
"""

from feeds.extract.extractor import Extractor
from feeds.extract.output import extraction_to_json
from feeds.extract.sentences import split_sentences

__all__ = ["Extractor", "extraction_to_json", "split_sentences"]
