"""Words that make a capitalised name something other than a town: an organisation, an armed
group, a unit, an outlet, a front, or a capital standing for its government.

Vocabulary only; the rules that read it are `feeds.extract.compounds` (organisations and
fronts) and `feeds.extract.metonymy` (capitals for governments).
"""

from __future__ import annotations

import re

__all__ = [
    "GOVERNMENT_NOUNS",
    "GOVERNMENT_OBJECT",
    "GOVERNMENT_VERBS",
    "NOT_A_TOWN_AFTER",
    "ORGANISATION_NAMES",
    "ORGANISATION_WORDS",
    "ORGANISATION_WORDS_IN_NAMES",
]

ORGANISATION_WORDS = frozenset(
    """
    forces force army group alliance times news network desk party ministry council
    movement brigade brigades operation operations room television tv radio agency company
    corporation club fc units unit advisory daily post journal herald tribune republic
    committee commission front battalion regiment division corps command guards militia
    observatory federation union league congress parliament
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
"""A word later in a capitalised run that makes the run an organisation ("Rapid Support
Forces", "Dhaka Times Desk", "Homs Military Council"): no town inside it."""

NOT_A_TOWN_AFTER = frozenset(
    """
    television newspaper units unit group grouping channel agency militants militia fighters
    family regime dynasty clan front fronts battlefront axis direction directions sector
    campaign incursion
    """.split()  # noqa: SIM905
)
"""A lower-case word right after a one-word name that makes the name something else: an
outlet, a unit ("Dnepr group"), a family ("the Assad regime"), a front ("Kramatorsk
direction", "Aleppo and Idlib fronts", "the Raqqa campaign")."""

_ORGANISATIONS = r"""
al[- ]?shabaa?b | boko\s+haram | al[- ]hurra | al[- ]watan | al[- ]hilal | al[- ]jazeera
| al[- ]arabiya | al[- ]mayadeen | al[- ]manar | al[- ]akhbar | al[- ]ahram | al[- ]monitor
| asharq\s+al[- ]awsat | al[- ]masry | al[- ]nahar | al[- ]hadath | al[- ]quds
| tahrir\s+al[- ]sham | ahrar\s+al[- ]sham | jabhat\s+\w+[- ]\w+ | jaish\s+al[- ]\w+
| ansar\s+allah | ansar\s+al[- ]\w+ | al[- ]qaeda | al[- ]qaida | al[- ]nusra | rapid\s+support
| hezbollah | hamas | sham\s+network | kyiv\s+independent | kyiv\s+post | moscow\s+times
| tehran\s+times | jerusalem\s+post | times\s+of\s+israel | dhaka\s+tribune | sudan\s+tribune
| ria\s+novosti | al[- ]masirah | saba\s+news | wagner | akhmat | azov
"""
ORGANISATION_NAMES = re.compile(rf"(?i:\b(?:{''.join(_ORGANISATIONS.split())})\b)")
ORGANISATION_WORDS_IN_NAMES = frozenset(
    re.findall(r"[a-z]{3,}", re.sub(r"\\[sw]\+?|\[[^]]*\]", " ", _ORGANISATIONS).replace("?", ""))
)
"""The words of those names: only a candidate holding one can lie inside one of them."""
"""Armed groups and outlets whose names hold a place name or look like one ("Al-Shabaab" is
not Shabab in Iran, "Tahrir al-Sham" not Damascus, "Kyiv Independent" not Kyiv)."""

GOVERNMENT_NOUNS = (
    r"government|governments|regime|troops|forces|army|military|authorities|officials|"
    r"leadership|leaders|administration|garrison|war|offensive|counteroffensive|"
    r"counter-offensive|invasion|allies|backers|proxies|"
    r"ambassador|envoy|diplomats|delegation|ministry|foreign\s+ministry|defen[cs]e\s+ministry|"
    r"nuclear\s+program(?:me)?|program(?:me)?|position|stance|policy|demands|response|"
    r"decision|claims?|support|aid|approval|plans?|sanctions|intelligence|security\s+services|"
    r"narrative|propaganda|annexation|occupation|negotiators|talks|side|camp|regime's"
)
"""Nouns whose owner a capital stands for when written "Kyiv's troops", "Moscow troops",
"Tehran's nuclear programme", "the Damascus government"."""

GOVERNMENT_VERBS = (
    r"said|says|say|claimed|claims|acknowledged|acknowledges|denied|denies|announced|"
    r"announces|sees|seeks|sought|responds|responded|expels|expelled|was\s+ready|is\s+ready|"
    r"is\s+feeling|would\s+retaliate|will\s+retaliate|warned|warns|accused|accuses|insists|"
    r"insisted|wants|wanted|hopes|is\s+trying|has\s+picked|continued\s+to\s+deny|closed\s+in|"
    r"closes\s+in|is\s+seeking|isn['’]t\s+seeking|agreed|agrees|rejected|rejects|demanded|"
    r"demands|threatened|threatens|vowed|vows|pledged|pledges|plans|planned|refused|refuses|"
    r"confirmed|confirms|ordered|orders|launched|launches|sent|sends|blamed|blames|welcomed|"
    r"welcomes|condemned|condemns|recognised|recognized|recognises|recognizes|signed|signs|"
    r"supports|supported|backs|backed|(?:has|have|had)\s+(?:said|claimed|denied|announced|"
    r"accused|warned|ordered|sent|launched|agreed|rejected)"
)
"""What a capital does when it stands for its government ("Moscow claimed", "if Beijing
responds"). Never a verb of capture: "Damascus fell" is the city."""

GOVERNMENT_OBJECT = (
    r"annexed\s+by|defeat\s+for|setback\s+for|victory\s+for|blow\s+for|arms\s+to|"
    r"weapons\s+to|aid\s+to|support\s+for|deter|deterring|accused|asked|alliance\s+with|"
    r"ties\s+with|turned\s+to|pressure\s+on|sanctions\s+on|sanctions\s+against|"
    r"condemnation\s+from|relations\s+with|dialogue\s+with|talks\s+with|negotiations\s+with|"
    r"defying|defied|backed\s+by|loyal\s+to|allied\s+to|allied\s+with|aligned\s+with|"
    r"friendly\s+to|hostile\s+to|demands\s+from|approval\s+from|criticism\s+from|"
    r"war\s+with|war\s+against|(?:made|issued|announced|claimed)\s+by|statement\s+by|"
    r"announcement\s+by"
)
"""What is done to or for a capital standing for its government ("annexed by Moscow", "a
setback for Kyiv", "arms to Kyiv", "Defying Beijing")."""
