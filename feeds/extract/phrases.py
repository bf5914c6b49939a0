"""The wording the extractor keys on: actors, control verbs, cues of negation and
hypothesis, compass directions.

Kept apart from the matching rules (`feeds.extract.distances`, `feeds.extract.control`) so
that vocabulary can grow without touching the rules.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import lru_cache

from feeds.extract.gates import gated_finditer, gated_search, word_gate
from feeds.geo import COUNTRY_ALIASES
from feeds.types import ControlKind

# --- compass ----------------------------------------------------------------------------

DIRECTION = r"north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|north|south|east|west"


def direction_code(word: str) -> str:
    """ "north-east" / "northeastern" -> "NE"."""
    w = word.lower().replace("-", "").replace(" ", "")
    if w.endswith("ern"):
        w = w[:-3]
    out = ""
    for part in ("north", "south", "east", "west"):
        if w.startswith(part):
            out += part[0].upper()
            w = w[len(part) :]
    return out


# --- actors -----------------------------------------------------------------------------

_DEMONYMS = sorted(
    {a for a in COUNTRY_ALIASES if a[0].isupper() and " " not in a and "." not in a}
    | {"Kurdish", "Arab", "Chechen", "Houthi", "Alawite", "Druze", "Yazidi", "Assyrian"},
    key=len,
    reverse=True,
)
_MOD_WORDS = """
government regime rebel opposition allied militia army special elite airborne ground state
islamist jihadist insurgent separatist loyalist coalition tribal enemy assault armou?red
mechani[sz]ed marine naval infantry
""".split()  # noqa: SIM905 - a word list reads better as prose
"""Lowercase words qualifying a force ("government", "armoured"): regexes, in match order."""
_HEAD_WORDS = """
forces troops army military soldiers rebels fighters militants militias militia insurgents
jihadists units brigades brigade battalions battalion separatists paramilitaries marines
paratroopers government regime coalition loyalists islamists guerrillas mercenaries tanks army
""".split()  # noqa: SIM905
"""The noun of a force ("troops"), in match order."""
_MOD = (
    r"(?:[A-Z][\w]*-(?:backed|led|allied|aligned|supported|trained)|pro-[\w]+|anti-[\w]+"
    rf"|(?:{'|'.join(_DEMONYMS)})"
    rf"|(?i:{'|'.join(_MOD_WORDS)}))"
)
_HEAD = rf"(?i:{'|'.join(_HEAD_WORDS)})"
_NAMED = (
    r"Daesh|(?:the )?Islamic State(?: group)?|ISIS|ISIL|IS|Hayat Tahrir al-Sham|HTS|SDF"
    r"|Syrian Democratic Forces|Hezbollah|Hamas|Wagner(?: Group)?|Taliban|Houthis|RSF"
    r"|Rapid Support Forces|al-Shabaab|al-Qaeda|Nusra Front|YPG|PKK|Free Syrian Army|FSA"
)
ACTOR = re.compile(
    rf"(?<![\w-])(?:(?:(?i:the)\s+)?(?:{_MOD}\s+){{0,3}}{_HEAD}"
    rf"|(?:{_MOD}\s+){{1,3}}operations|(?:{_NAMED}))(?![\w-])"
)
"""A force as a sentence names it: "government forces", "the military", "Russian troops",
"Rebel fighters", "US-led operations", "Daesh"."""
_NAMED_FIRST = "Daesh Islamic IS Hayat HTS SDF Syrian Hezbollah Hamas Wagner Taliban Houthis"
_NAMED_FIRST += " RSF Rapid Nusra YPG PKK Free FSA"
_FORCE_WORD = "|".join(["pro-", "anti-", *_MOD_WORDS, *_HEAD_WORDS])
_ACTOR_GATE = word_gate(
    [rf"the\s+(?:(?-i:[A-Z])|{_FORCE_WORD})", "al-", *_FORCE_WORD.split("|")],
    before=r"[\w-]",
    cased=[*(rf"{c}[\w]*-" for c in string.ascii_uppercase), *_DEMONYMS, *_NAMED_FIRST.split()],
)
"""Where an ACTOR can start: "the" before a capital or a force word, "pro-"/"anti-"/"al-",
a lowercase force word in any case, a capitalised word before a hyphen ("US-led"), a
demonym or a named force's first word (keep in step with `_NAMED`; a test checks)."""


def find_actors(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Every ACTOR in `text[start:end]`, as `ACTOR.finditer(text, start, end)` gives them,
    trying the pattern only where a force's first word starts (it has ~130 demonyms)."""
    return list(gated_finditer(ACTOR, _ACTOR_GATE, text, start, end))


#: Words right before an actor that make it an object, not the sentence's subject.
OBJECT_MARKERS = re.compile(
    r"(?i:\b(?:by|with|against|of|from|to|and|on|at|in|for|toward|towards|than|among)\s*$)"
)

# --- control events ----------------------------------------------------------------------

CONTROL_VERBS: dict[ControlKind, str] = {
    "recaptured": r"recaptur(?:ed|es|e|ing)|retook|retak(?:en|es|e|ing)|regain(?:ed|s|ing)?"
    r"(?: control of)?|took back|taken back|tak(?:es|ing) back|won back|reclaimed",
    "captured": r"captur(?:ed|es|e|ing)|(?:took|taken|tak(?:es|e|ing)|gained|seized|won|"
    r"assumed|established) (?:full |complete |total )?control (?:of|over)|seiz(?:ed|es|e|ing)"
    r"|took|taken|tak(?:es|e|ing)|overr(?:an|un|uns|unning)|liberat(?:ed|es|e|ing)",
    "entered": r"entered|enter(?:s|ing)?|storm(?:ed|s|ing)?|broke into|broken into|"
    r"(?:pushed|moved|rolled|swept) into",
    "encircled": r"encircl(?:ed|es|e|ing)|surround(?:ed|s|ing)?|cut off|(?:the )?encirclement of",
    "besieged": r"besieg(?:ed|es|e|ing)|la(?:id|ying|y) siege to|(?:the )?siege of",
    "withdrew": r"withdr(?:ew|awn|aw|aws|awing)(?: (?:its|their|his|the) (?:[\w-]+ ){0,3}?"
    r"(?:troops|forces|units|fighters|soldiers|men))? from|pull(?:ed|s|ing)?"
    r"(?: (?:its|their|his|the) (?:[\w-]+ ){0,3}?(?:troops|forces|units|fighters|soldiers|men))?"
    r" out of|retreat(?:ed|s|ing)? from|pull(?:ed|s|ing)? back from|f(?:ell|alls?|alling|allen)"
    r" back from|abandon(?:ed|s|ing)?|evacuat(?:ed|es|ing) from",
    "lost": r"lost|los(?:es|e|ing) control of|los(?:es|e|ing)",
    "contested": r"(?:heavy |fierce |street |intense )?(?:fighting|clashes|battles?|fought|combat)"
    r"(?: (?:has |had |have |was |were |is |are )?(?:also )?(?:raged?|raging|continued|continues"
    r"|continuing|erupted|broke out|intensified|reported|went on|persisted)(?: on)?)?"
    r" (?:in and around|in|for|around|inside|over)|contested"
    r"|(?:held|holds?|holding|clung|cling(?:s|ing)?)"
    r" on(?: to)? (?:a pocket|pockets|parts?|positions|a foothold|areas|a sliver)"
    r"(?: of (?:territory|ground))? in",
    "advancing": r"advanc(?:ed|es|e|ing) (?:on|toward|towards|into the outskirts of)|"
    r"push(?:ed|es|ing)? (?:on|toward|towards)|clos(?:ed|es|e|ing) in on|march(?:ed|es|ing)? on"
    r"|focused on (?:taking|capturing|seizing)"
    r"|(?:offensive|push|drive|assault|campaign|operation|bid) (?:to (?:take|capture|seize)|on|"
    r"against|toward|towards|for)",
}
CONTROL_VERBS["held"] = r"holds|held|controls|controlled"
"""Last, so "held on to a pocket in" reads as contested first. An active "held" needs a
named force as its subject (checked in `feeds.extract.control`): "Islamic State still holds X"."""
_VERB_KIND: list[tuple[ControlKind, re.Pattern[str]]] = [
    (k, re.compile(rf"(?:{v})$", re.IGNORECASE)) for k, v in CONTROL_VERBS.items()
]
_FILLER = (
    r"(?:\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:towns?|city|village|settlement|stronghold|hub|capital|port|outpost|bastion)\s+of)?"
    r"|\s+the"
)
PART_OF = re.compile(
    r"(?:the\s+)?(?:(?:[\w'’-]+\s+){0,2}?(?:centre|center|heart|districts?|neighbou?rhoods?"
    r"|suburbs?|parts?|quarters?|half|edge|streets)\s+of\s+|(?:(?:north|south|east|west)"
    r"(?:-?(?:east|west))?ern|central|downtown)\s+)",
    re.IGNORECASE,
)
"""A part of a town between a control verb and the town ("the centre of", "southern"):
taking or entering part of it still counts for the town."""
CONTROL_PRE = re.compile(
    rf"(?<![\w-])(?P<verb>{'|'.join(f'(?:{v})' for v in CONTROL_VERBS.values())}"
    r"|(?:the\s+)?fall\s+of)"
    rf"(?P<fill>{_FILLER})?\s+(?=[^\W\d_])",
    re.IGNORECASE,
)
"""A control verb and the words between it and the place it governs ("captured the
ancient city of "). The place must start right where the match ends."""

_CONTROL_FIRST_WORDS = """
recaptur retook retak regain reclaim retreat took tak won captur gain seiz assum establish
overr liberat enter storm brok push mov roll swept encircl surround cut besieg laid lay
siege withdr pull abandon evacuat fled los heavy fierce street intense fight clash battl
fought contest held hold clung cling advanc clos march focus offensive drive assault
campaign operation bid fall fell combat control
""".split()  # noqa: SIM905 - a word list reads better as prose
"""How every CONTROL_PRE phrase may begin (keep in step with `CONTROL_VERBS`; a test checks)."""
_CONTROL_GATE = word_gate(
    [*_CONTROL_FIRST_WORDS, r"the\s+(?:encirclement|siege|fall)"], before=r"[\w-]"
)


def find_control(text: str) -> Iterator[re.Match[str]]:
    """Every CONTROL_PRE match in `text`, as `CONTROL_PRE.finditer(text)` gives them, in
    a tenth of the time: the full pattern runs only where a control word starts."""
    return iter(_control_matches(text))


@lru_cache(maxsize=8)
def _control_matches(text: str) -> tuple[re.Match[str], ...]:
    """Remembered for the last few texts: `feeds.extract.learning` and
    `feeds.extract.control` both scan each story."""
    return tuple(gated_finditer(CONTROL_PRE, _CONTROL_GATE, text))


ANAPHOR = re.compile(
    r"(?i:the)\s+(?:(?!(?:last|first|only|next|main|major|key|largest|biggest|second|third"
    r"|remaining|other|nearby|neighbou?ring|same|new)\b)(?:[a-z][a-z-]*|[\w'’-]+-(?:held"
    r"|controlled))\s+){0,2}?"
    r"(?i:(town|city|village|settlement|kibbutz|port))\b(?!\s+(?i:of)\s+[A-Z])"
)
"""A noun phrase pointing back to a town: "the town", "the oil city", "the northern town",
"the insurgent-held port". Not "the town of X", which names it."""
IT = re.compile(r"it\b(?!['’]|\s+(?:is|was|would|will|had|has|to|upon|as|that|clear|out|off)\b)")
""""it" as the object of a control verb ("before storming it"), pointing back to a town."""


@lru_cache(maxsize=1024)
def control_kind(verb: str) -> ControlKind:
    """Which event a CONTROL_PRE verb phrase names (memoised: a few hundred phrasings)."""
    v = " ".join(verb.lower().split())
    if v.endswith("fall of"):
        return "captured"
    for kind, rx in _VERB_KIND:
        if rx.match(v):
            return kind
    return "captured"  # pragma: no cover - every alternative is in CONTROL_VERBS


_PASSIVE = (
    r"captured|taken|seized|recaptured|retaken|encircled|surrounded|besieged|stormed|overrun"
    r"|liberated|entered|lost|abandoned|cut off"
)
CONTROL_POST = re.compile(
    r"\s*(?:,\s*(?:[^,.;()]{2,60}?,\s*)?)?(?:"
    r"(?P<fell>(?:has |had |have )?(?:fell|fallen|falls))(?:\s+to\s+)?"
    r"|(?:(?:was|were|has been|had been|have been|is|are)\s+(?:(?:now|reportedly|finally|"
    rf"completely|fully|effectively|recently|already)\s+)?(?P<passive>{_PASSIVE}))(?:\s+by\s+)?"
    r"|(?:which (?:is|was) |now |still |(?:is|was|are|were|remains?|remained|has been|had been"
    r"|have been) )?(?:(?:now|still|largely|firmly) )?(?P<held>held|controlled) by\s+"
    r"|(?:is|was|are|were|remains?|remained)\s+(?:(?:almost|largely|mostly|entirely|still|"
    r"firmly|now|fully|completely)\s+)*under\s+(?:(?P<siege>siege)|(?:the\s+)?(?P<ctl>control)"
    r"\s+of\s+|(?P<who>(?:[\w'’-]+\s+){1,3}?)control\b)"
    r")",
    re.IGNORECASE,
)
"""What follows a place when it is the grammatical subject: "Kupiansk fell to ...",
"Saraqib was captured by ...", "X, held by ...", "X is under Daesh control"."""

HELD_ADJ = re.compile(
    r"(?<![\w-])(?P<actor>[\w]+(?:\s+[\w]+)?)-(?:held|controlled)\s+(?:(?:town|city|village)"
    r"\s+of\s+)?$",
    re.IGNORECASE,
)
""""rebel-held Idlib", "Daesh-held town of ..." (matched against the text before a place)."""

PASSIVE_KIND: dict[str, ControlKind] = {
    "captured": "captured", "taken": "captured", "seized": "captured", "overrun": "captured",
    "liberated": "captured", "recaptured": "recaptured", "retaken": "recaptured",
    "encircled": "encircled", "surrounded": "encircled", "cut off": "encircled",
    "besieged": "besieged", "stormed": "entered", "entered": "entered", "lost": "lost",
    "abandoned": "withdrew",
}  # fmt: skip

# --- negation, hypothesis, denial -------------------------------------------------------

#: Right before the verb: an infinitive ("aims to take"), for control verbs only.
INFINITIVE = re.compile(r"(?i:\bto\s+$)")
#: Right before the verb: a negation ("not captured", "never reached").
_NEGATION = (
    "not|never|no longer|cannot|can't|won't|didn't|hasn't|haven't|hadn't|wasn't|weren't|isn't"
    "|aren't|without|before"
)
NOT_ASSERTED_NEAR = re.compile(
    rf"(?i:\b(?:{_NEGATION})\s+(?:(?:yet|already|fully|completely|"
    r"been|be|have|had|actually|really)\s+)*$)"
)
#: A few words before the verb: modality, intent, condition ("could soon fall", "if they").
MODALITY = (
    "would|could|might|may|will|shall|should|must|can|if|unless|whether|failed|fail|fails"
    "|unable|aims?|aimed|aiming|plans?|planned|planning|hopes?|hoped|wants?|wanted|seeks?"
    "|sought|trying|tried|attempts?|attempted|threatens?|threatened|vows?|vowed|expected"
    "|likely|ready|preparing|intends?|intended|bid|yet|capable|chance|prospect|risk|ordered"
    "|urged|called"
)
NOT_ASSERTED_WINDOW = re.compile(rf"(?i:\b(?:{MODALITY})\b(?:\s+[\w'’-]+){{0,3}}\s*$)")
#: Anywhere earlier in the sentence: the speaker denies or conditions it.
DENIAL = "denied|denies|deny|denying|dismissed|rejected|refuted|false|untrue|if|unless|rumou?rs?"
DENIED = re.compile(rf"(?i:\b(?:{DENIAL})\b)")
_MODALITY_GATE = word_gate(MODALITY.split("|"), before=r"\w")
_DENIAL_GATE = word_gate(DENIAL.split("|"), before=r"\w")


def modal_before(text: str, start: int, end: int) -> bool:
    """NOT_ASSERTED_WINDOW in `text[start:end]` (modality a few words before `end`)."""
    return gated_search(NOT_ASSERTED_WINDOW, _MODALITY_GATE, text, start, end) is not None


def denied_in(text: str, start: int, end: int) -> bool:
    """DENIED anywhere in `text[start:end]`."""
    return gated_search(DENIED, _DENIAL_GATE, text, start, end) is not None


#: Gerunds ("capturing") assert a past event only after these ("since capturing X").
GERUND_OK = re.compile(r"(?i:\b(?:since|after|following|upon|on|is|are|was|were|been)\s*$)")

# --- kind of a distance statement --------------------------------------------------------

FORCE_CUE_WORDS = (
    "moved|advanced|advancing|pushed|pushing|reached|reaching|captured|capturing|seized|took"
    "|came|come|got|closed|closing|fighting|fought|clashes|clashed|battling|deployed|stationed"
    "|positioned|dug in|entrenched|positions|troops|forces|soldiers|fighters|rebels|militants"
    "|army|military|units|tanks|front line|frontline"
)
FORCE_CUE = re.compile(rf"(?i:\b(?:{FORCE_CUE_WORDS})\b)")
_FORCE_CUE_GATE = word_gate(FORCE_CUE_WORDS.split("|"), before=r"\w")


def force_cue(text: str) -> bool:
    """FORCE_CUE anywhere in `text`: a force or its movement is named."""
    return gated_search(FORCE_CUE, _FORCE_CUE_GATE, text) is not None


GEO_CUE = re.compile(
    r"(?i:\b(?:lies|lie|lay|located|situated|sits|sit|stands|is|are|was|were)\s+(?:\w+\s+)?$)"
)
