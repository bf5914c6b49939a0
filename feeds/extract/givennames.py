"""Given names the news of these wars carries: followed by another capitalised word, one
opens a person's name ("Hala Gorani", "Fayez al-Sarraj", "Volodymyr Zelenskyy"), never a
town, however many villages GeoNames names so.

Written for this project from common knowledge of naming in each language area, and kept
apart from the rules (`feeds.extract.candidates`). Names that are as often a town of these
fronts as a person ("Abu", "Bin", "Ben" before a town's second word, "Hama") are left out:
"Abu Kamal", "Bin Jawad" and "Ben Guerdane" are towns.
"""

from __future__ import annotations

__all__ = ["GIVEN_NAMES"]

_ENGLISH = """
aaron adam adrian alan albert alex alexander alexandra alice alison allan allie amanda amber
amy andrea andrew angela angus ann anna anne anthony antonio antony austin barack barbara
bernie betty bill billy bob bobby brad brandon brenda brian bruce bryan carl carlos carol
caroline catherine charles charlotte chris christine christopher cindy claire colin conor
craig dan daniel danny dave david deborah debbie dennis derek diana diane donald donna doug
douglas dylan ed edan edward elizabeth emily emma eric erin frank fred gary george gerald
gordon greg gregory hannah harold harry heather helen henry hillary howard ian jack jacob
james jamie jane janet jason jean jeff jeffrey jennifer jeremy jerry jessica jim jimmy joe
john johnny jon jonathan joseph josh joshua juan julia julie justin karen kate katherine
kathleen kathy keith kelly ken kenneth kevin kim kimberly kyle larry laura lauren lee linda
lisa lloyd luis margaret maria marie mark martin mary matt matthew melissa michael michelle
mike nancy nathan neil nicholas nick nicole nikki olivia patricia patrick paul peter philip
rachel ralph randy rebecca richard rick rob robert roger ron ronald rose ryan sam samantha
sandra sarah scott sean shawn sophie stephanie stephen steve steven stuart susan teresa terry
theresa thomas tim timothy todd tom tony tyler valerie walter wayne william emmanuel
antonio jose francois pierre jacques olaf ursula kaja josep giorgia pedro rishi keir
"""

_SLAVIC = """
aleksandr aleksandra aleksei alexei alexey anatoly andrei andriy andrey anton arseniy artem
artyom bohdan boris denis denys dmitri dmitriy dmitro dmitry dmytro evgeny fyodor gennady
grigory igor ihor ilya ivan kirill konstantin kostiantyn leonid maksym maxim mikhail mykhailo
mykola natalia nikolai oleg oleh oleksandr oleksiy olena olga pavel pavlo petro petr roman
ruslan sergei sergey serhiy sergiy stanislav svetlana taras valery valeriy vasily viktor
vitaly vitaliy vladimir vladislav volodymyr vyacheslav yevgeny yevgeniy yulia yuri yuriy
zakhar ramzan apti
"""

_ARABIC_PERSIAN_TURKISH = """
abdel abdul abdullah abdallah abdulaziz abdulrahman abdelrahman abdulla adel adnan ahmad ahmed
akram ali amer amin amina amir amr anas anwar asma ayman aziz bashar bassam bilal ehsan emad
fadi fahd faisal farid fatima fayez fouad ghassan habib hadi haider hakan hamad hamid hamza
hani haitham hasan hashem hassan hatem hazem hisham hossein hussain hussein ibrahim imad iman
imran isam ismail jafar jamal jawad kamal karim khaled khalid khalil leila mahdi mahmoud
majid malik mamdouh marwan masoud mehdi mevlut mohamed mohammad mohammed mohsen mostafa
muhammad mustafa nabil nadia naji narges nasser nawaf nizar omar osama qassem rami rashid
recep reza riad saad sabri saeed said salah salem saleh salim sami samir sayed shadi sharif
suleiman tareq tariq tayyip usama walid wissam yahya yasser yasin yousef youssef yusuf zaid
zakaria ziad zeinab hala hoda homa hakim jalal javad abbas ebrahim masoumeh hezam murad
mahmud abdelfattah abiy
"""

_AFRICAN_ASIAN = """
abdi abdirahman abdullahi amadou aminata assimi bola cyril debretsion felix getachew
goodluck hamdan ibrahima jakaya mamadou moussa muhammadu nnamdi paul
riek salva uhuru yoweri abdelaziz aung yi dong lai kai
xi wang li zhang liu chen yang huang zhao wu zhou shinzo fumio yoon jae narendra rahul
shehbaz imran asif nawaz hamid ashraf zalmay sher
"""

GIVEN_NAMES = frozenset((_ENGLISH + _SLAVIC + _ARABIC_PERSIAN_TURKISH + _AFRICAN_ASIAN).split())
"""Common given names, lowercased."""
