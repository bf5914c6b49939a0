"""The demonyms, short forms and abbreviations news uses for countries.

"Syrian forces", "the UAE", "U.S. officials": each names a country without its name.
The gazetteer matches them on the light key (`feeds.geo.names.light_key`).
"""

from __future__ import annotations

__all__ = ["COUNTRY_ALIASES"]

_ALIASES = """
SY: Syrian, Syrians, Syrian Arab Republic
IQ: Iraqi, Iraqis
UA: Ukrainian, Ukrainians
RU: Russian, Russians, Russian Federation
IL: Israeli, Israelis
LB: Lebanese
TR: Turkish, Turks, Türkiye, Turkiye
IR: Iranian, Iranians, Islamic Republic of Iran
SD: Sudanese
SS: South Sudanese
JO: Jordanian
EG: Egyptian
SA: Saudi, Saudis
YE: Yemeni, Yemenis
LY: Libyan
AF: Afghan
PK: Pakistani
IN: Indian
CN: Chinese
BY: Belarusian, Belarusians
PL: Polish
GE: Georgian
AM: Armenian
AZ: Azerbaijani, Azeri
ML: Malian
SO: Somali
ET: Ethiopian
ER: Eritrean
NG: Nigerian
NE: Nigerien
PS: Palestinian, Palestinians, Palestine, Gaza
QA: Qatari
AE: Emirati, Emirates, UAE, U.A.E.
KW: Kuwaiti
OM: Omani
BH: Bahraini
MD: Moldovan
RO: Romanian
HU: Hungarian
SK: Slovak
CZ: Czech, Czech Republic
DE: German
FR: French
IT: Italian
ES: Spanish
GR: Greek
CY: Cypriot
RS: Serbian
HR: Croatian
BA: Bosnian
XK: Kosovar
AL: Albanian
BG: Bulgarian
LT: Lithuanian
LV: Latvian
EE: Estonian
FI: Finnish
SE: Swedish
NO: Norwegian
DK: Danish
NL: Dutch, Netherlands, Holland
BE: Belgian
AT: Austrian
CH: Swiss
JP: Japanese
KR: South Korean, Korean
KP: North Korean
TW: Taiwanese
VN: Vietnamese
MM: Burmese, Burma, Myanmar
CD: Congolese, DRC, DR Congo, Congo
TD: Chadian
DZ: Algerian
TN: Tunisian
MA: Moroccan
KE: Kenyan
UG: Ugandan
RW: Rwandan
MX: Mexican
CO: Colombian
VE: Venezuelan
BR: Brazilian
CA: Canadian
AU: Australian
KZ: Kazakh
UZ: Uzbek
TJ: Tajik
KG: Kyrgyz
TM: Turkmen
MN: Mongolian
CI: Ivory Coast, Cote d'Ivoire, Côte d'Ivoire
US: U.S., US, U.S.A., USA, America, American, Americans, United States of America
GB: UK, U.K., Britain, Great Britain, British, England, English
"""

#: Demonyms, short forms and abbreviations news uses for countries -> ISO alpha-2.
COUNTRY_ALIASES: dict[str, str] = {
    alias.strip(): line[:2]
    for line in _ALIASES.strip().splitlines()
    for alias in line[3:].split(",")
}
