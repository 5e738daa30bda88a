"""The demo's stories of change from the L-flat, as written down: invented, but of the kind an
evaluation of the scheme collects - coffee mornings, the green group, loneliness, friction
between newcomers and long-time residents - with mixed consent, stories of change for the worse
and of no change, one withdrawal, and one selection round with its panel's choices and reasons.
``voorrang.demo.stories`` writes them through the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

CONTACT = "Contact tussen buren"
TAKING_PART = "Meedoen en zelf organiseren"
LIVING = "Prettig en veilig wonen"

DOMAINS = (
    (CONTACT, "Of bewoners elkaar kennen, groeten, helpen en op elkaar letten."),
    (TAKING_PART, "Of bewoners zelf activiteiten opzetten en meedoen."),
    (LIVING, "Of de flat prettig en veilig is om te wonen: overlast, wrijving, afspraken."),
)
THEMES = (
    ("koffieochtend", "De wekelijkse koffieochtend in de ontmoetingsruimte."),
    ("groene groep", "Bewoners die de ingang en de groenstroken onderhouden."),
    ("eenzaamheid", "Alleen zijn, en minder alleen zijn."),
    ("wrijving", "Spanning tussen nieuwe en zittende bewoners."),
    ("overlast", "Geluid, afval en onveiligheid rond de flat."),
    ("taal", "Nederlands leren en elkaar verstaan."),
    ("inzet onder druk", "De belofte van vrijwilligerswerk die zwaar wordt."),
)


@dataclass(frozen=True)
class DemoStory:
    key: str
    domain: str
    role: str
    told_on: date
    prompt: str
    direction: str
    consent: str
    themes: tuple[str, ...]
    # The story as told: {name} the teller, {neighbour} another resident, {staff} the
    # welfare coordinator, {address} the teller's address.
    told: str
    significance: str
    redacted: str | None  # None: not yet redacted
    redacted_significance: str = ""
    quotation: str = ""
    collector: str = "staff-welfare"
    professional: str = ""  # a professional teller's own name
    extra: dict[str, Any] = field(default_factory=dict)


T, R, P = "targeted_newcomer", "other_resident", "professional"
MSC, WORSE, SAME = "most_significant", "negative", "no_change"

STORIES = (
    DemoStory(
        "coffee-host",
        CONTACT,
        T,
        date(2022, 9, 14),
        MSC,
        "positive",
        "publication",
        ("koffieochtend", "eenzaamheid"),
        "Ik ben {name} en ik woon sinds het voorjaar op {address}. In het begin kende ik "
        "niemand in de flat. {staff} van het welzijnswerk vroeg of ik wilde helpen bij de "
        "koffieochtend op dinsdag in de ontmoetingsruimte. Ik zet nu elke week koffie en thee "
        "klaar. Eerst kwamen er vier mensen, nu zijn het er soms vijftien. Een oudere buurvrouw "
        "van mijn galerij kwam de eerste keer alleen om te kijken. Nu belt ze bij mij aan als ze "
        "een brief niet begrijpt, en ik drink op zondag bij haar koffie.",
        "Ik kwam hier wonen omdat ik iets wilde doen voor de buurt. Nu voel ik dat ik er echt "
        "bij hoor, en dat iemand op mij rekent.",
        "Ik woon sinds het voorjaar in de flat. In het begin kende ik niemand. De opbouwwerker "
        "vroeg of ik wilde helpen bij de koffieochtend op dinsdag in de ontmoetingsruimte. Ik "
        "zet nu elke week koffie en thee klaar. Eerst kwamen er vier mensen, nu zijn het er "
        "soms vijftien. Een oudere buurvrouw van mijn galerij kwam de eerste keer alleen om te "
        "kijken. Nu belt ze bij mij aan als ze een brief niet begrijpt, en ik drink op zondag "
        "bij haar koffie.",
        "Ik kwam hier wonen omdat ik iets wilde doen voor de buurt. Nu voel ik dat ik er echt "
        "bij hoor, en dat iemand op mij rekent.",
        "Nu belt ze bij mij aan als ze een brief niet begrijpt, en ik drink op zondag bij haar "
        "koffie.",
    ),
    DemoStory(
        "green-group-start",
        TAKING_PART,
        T,
        date(2022, 11, 3),
        MSC,
        "positive",
        "publication",
        ("groene groep",),
        "Samen met {neighbour} ben ik de groene groep begonnen. We hebben met de corporatie "
        "afgesproken dat we de bakken bij de ingang mogen beplanten. Het eerste voorjaar waren "
        "we met z'n drieën. Nu zijn er twaalf mensen die meedoen, ook kinderen uit de flat. Op "
        "zaterdag ruimen we zwerfafval op rond het gebouw.",
        "Ik heb laten zien dat je met een klein plan veel mensen mee kunt krijgen. Dat had ik "
        "van mezelf niet verwacht.",
        "Samen met een andere nieuwe bewoner ben ik de groene groep begonnen. We hebben met de "
        "corporatie afgesproken dat we de bakken bij de ingang mogen beplanten. Het eerste "
        "voorjaar waren we met z'n drieën. Nu zijn er twaalf mensen die meedoen, ook kinderen "
        "uit de flat. Op zaterdag ruimen we zwerfafval op rond het gebouw.",
        "Ik heb laten zien dat je met een klein plan veel mensen mee kunt krijgen. Dat had ik "
        "van mezelf niet verwacht.",
        "Nu zijn er twaalf mensen die meedoen, ook kinderen uit de flat.",
        collector="researcher",
    ),
    DemoStory(
        "noise-above",
        LIVING,
        R,
        date(2022, 12, 6),
        WORSE,
        "negative",
        "analysis",
        ("overlast", "wrijving"),
        "Er zijn nu veel nieuwe mensen en die maken 's avonds lawaai in de ontmoetingsruimte. "
        "Ik woon op {address}, vlak boven die ruimte. Ik heb het gemeld bij de corporatie, "
        "maar er gebeurt niets.",
        "Ik slaap slecht en ik voel me niet gehoord.",
        "Er zijn nu veel nieuwe mensen en die maken 's avonds lawaai in de ontmoetingsruimte. "
        "Ik woon vlak boven die ruimte. Ik heb het gemeld bij de corporatie, maar er gebeurt "
        "niets.",
        "Ik slaap slecht en ik voel me niet gehoord.",
    ),
    DemoStory(
        "widow-tuesdays",
        CONTACT,
        R,
        date(2023, 3, 8),
        MSC,
        "positive",
        "panel",
        ("koffieochtend", "eenzaamheid"),
        "Ik woon al drieëntwintig jaar in de L-flat, sinds mijn man overleed meestal alleen. "
        "Ik ging bijna nooit meer naar beneden. {neighbour} van twee deuren verder, een van de "
        "nieuwe bewoners, kwam een briefje brengen voor de koffieochtend. Ik ben gegaan omdat "
        "ze zo aandrong. Nu ga ik elke dinsdag. Ik ken weer mensen bij naam en als ik ziek ben, "
        "komt er iemand langs met soep.",
        "Ik was eenzaam en schaamde me daarvoor. Nu heb ik weer een reden om mij aan te kleden "
        "en naar buiten te gaan.",
        "Ik woon al drieëntwintig jaar in de flat, sinds mijn man overleed meestal alleen. Ik "
        "ging bijna nooit meer naar beneden. Een buurvrouw van twee deuren verder, een van de "
        "nieuwe bewoners, kwam een briefje brengen voor de koffieochtend. Ik ben gegaan omdat "
        "ze zo aandrong. Nu ga ik elke dinsdag. Ik ken weer mensen bij naam en als ik ziek ben, "
        "komt er iemand langs met soep.",
        "Ik was eenzaam en schaamde me daarvoor. Nu heb ik weer een reden om mij aan te kleden "
        "en naar buiten te gaan.",
        "Ik ken weer mensen bij naam en als ik ziek ben, komt er iemand langs met soep.",
    ),
    DemoStory(
        "not-invited",
        TAKING_PART,
        R,
        date(2023, 4, 18),
        MSC,
        "mixed",
        "panel",
        ("groene groep", "wrijving"),
        "De groene groep heeft de ingang mooi gemaakt, dat zie ik elke dag. Maar ze vragen "
        "ons, de mensen die er al lang wonen, nooit om mee te doen. Het lijkt soms een clubje "
        "van de nieuwe bewoners. {neighbour} heeft wel eens gevraagd of ik wilde helpen, toen "
        "heb ik ja gezegd. Nu snoei ik de rozen.",
        "Ik wil erbij horen, maar je moet wel gevraagd worden. Dat het één keer gebeurde, "
        "maakte voor mij veel uit.",
        "De groene groep heeft de ingang mooi gemaakt, dat zie ik elke dag. Maar ze vragen "
        "ons, de mensen die er al lang wonen, nooit om mee te doen. Het lijkt soms een clubje "
        "van de nieuwe bewoners. Eén van hen heeft wel eens gevraagd of ik wilde helpen, toen "
        "heb ik ja gezegd. Nu snoei ik de rozen.",
        "Ik wil erbij horen, maar je moet wel gevraagd worden. Dat het één keer gebeurde, "
        "maakte voor mij veel uit.",
        "Het lijkt soms een clubje van de nieuwe bewoners.",
        collector="researcher",
    ),
    DemoStory(
        "same-gallery",
        CONTACT,
        R,
        date(2023, 5, 22),
        SAME,
        "no_change",
        "quotation",
        ("eenzaamheid",),
        "Op mijn galerij is niets veranderd. De nieuwe mensen doen veel in de "
        "ontmoetingsruimte, maar die is aan de andere kant van de flat. Ik zie ze nooit. Mijn "
        "buurman {neighbour} zegt ook al jaren niemand gedag. Ik had gehoopt dat er iemand bij "
        "ons aan zou bellen.",
        "Het laat zien dat de activiteiten niet voor de hele flat zijn. Wie slecht ter been is, "
        "komt er niet.",
        "Op mijn galerij is niets veranderd. De nieuwe mensen doen veel in de "
        "ontmoetingsruimte, maar die is aan de andere kant van de flat. Ik zie ze nooit. Mijn "
        "buurman zegt ook al jaren niemand gedag. Ik had gehoopt dat er iemand bij ons aan zou "
        "bellen.",
        "Het laat zien dat de activiteiten niet voor de hele flat zijn. Wie slecht ter been is, "
        "komt er niet.",
        "Ik had gehoopt dat er iemand bij ons aan zou bellen.",
    ),
    DemoStory(
        "nurse-circle",
        CONTACT,
        P,
        date(2023, 6, 12),
        MSC,
        "positive",
        "publication",
        ("eenzaamheid",),
        "Als wijkverpleegkundige kom ik bij veel ouderen in de flat. Vroeger wist niemand het "
        "als een cliënt een paar dagen niet buiten kwam. Dit jaar belde een vrijwilliger van de "
        "koffieochtend mij twee keer omdat een bewoner ontbrak. De tweede keer lag mevrouw "
        "{neighbour} gevallen in haar badkamer. Er is nu een kleine kring van buren die op "
        "elkaar letten.",
        "Voor mijn werk betekent dit dat signalen eerder komen. Dat kan het verschil zijn "
        "tussen een blauwe plek en een opname.",
        "Als wijkverpleegkundige kom ik bij veel ouderen in de flat. Vroeger wist niemand het "
        "als een cliënt een paar dagen niet buiten kwam. Dit jaar belde een vrijwilliger van de "
        "koffieochtend mij twee keer omdat een bewoner ontbrak. De tweede keer lag een oudere "
        "bewoner gevallen in haar badkamer. Er is nu een kleine kring van buren die op elkaar "
        "letten.",
        "Voor mijn werk betekent dit dat signalen eerder komen. Dat kan het verschil zijn "
        "tussen een blauwe plek en een opname.",
        "Er is nu een kleine kring van buren die op elkaar letten.",
        collector="researcher",
        professional="Marieke Hoogland",
    ),
    DemoStory(
        "quiet-after-ten",
        LIVING,
        T,
        date(2023, 7, 4),
        MSC,
        "positive",
        "panel",
        ("overlast", "wrijving"),
        "Na klachten over lawaai uit de ontmoetingsruimte hebben we met de bewoners erboven om "
        "tafel gezeten. {staff} van het welzijnswerk leidde het gesprek. We hebben afgesproken "
        "dat het om tien uur stil is en dat er een telefoonnummer op de deur hangt. Sindsdien "
        "zijn er geen klachten meer gekomen, en een van de buren van boven komt nu zelf op de "
        "klusdag.",
        "Ik zag dat ruzie ook iets goeds kan opleveren, als je met elkaar praat in plaats van "
        "over elkaar.",
        "Na klachten over lawaai uit de ontmoetingsruimte hebben we met de bewoners erboven om "
        "tafel gezeten. Iemand van het welzijnswerk leidde het gesprek. We hebben afgesproken "
        "dat het om tien uur stil is en dat er een telefoonnummer op de deur hangt. Sindsdien "
        "zijn er geen klachten meer gekomen, en een van de buren van boven komt nu zelf op de "
        "klusdag.",
        "Ik zag dat ruzie ook iets goeds kan opleveren, als je met elkaar praat in plaats van "
        "over elkaar.",
        "Sindsdien zijn er geen klachten meer gekomen, en een van de buren van boven komt nu "
        "zelf op de klusdag.",
    ),
    DemoStory(
        "organiser-steps-back",
        TAKING_PART,
        P,
        date(2023, 9, 27),
        MSC,
        "positive",
        "publication",
        ("koffieochtend", "groene groep"),
        "Als opbouwwerker zie ik het verschil met andere flats in de wijk. In de L-flat komen "
        "bewoners nu zelf met plannen: een taalcafé, een klusdag, een kerstmaaltijd. Vroeger "
        "organiseerde ik alles en kwamen er weinig mensen. Nu vraag ik vooral: wat heb je "
        "nodig? De nieuwe bewoners die zich voor de buurt inzetten, trekken anderen mee.",
        "Dit is waar het experiment om draait: dat bewoners zelf in beweging komen, niet dat "
        "wij het voor ze doen.",
        "Als opbouwwerker zie ik het verschil met andere flats in de wijk. In de flat komen "
        "bewoners nu zelf met plannen: een taalcafé, een klusdag, een kerstmaaltijd. Vroeger "
        "organiseerde ik alles en kwamen er weinig mensen. Nu vraag ik vooral: wat heb je "
        "nodig? De nieuwe bewoners die zich voor de buurt inzetten, trekken anderen mee.",
        "Dit is waar het experiment om draait: dat bewoners zelf in beweging komen, niet dat "
        "wij het voor ze doen.",
        "Nu vraag ik vooral: wat heb je nodig?",
        collector="researcher",
        professional="Samira Ouali",
    ),
    DemoStory(
        "police-same",
        LIVING,
        P,
        date(2023, 10, 10),
        SAME,
        "no_change",
        "quotation",
        ("overlast",),
        "Het aantal meldingen van overlast rond de flat is ongeveer gelijk gebleven. Rond de "
        "bergingen wordt nog steeds gedeald. Bewoners kennen elkaar beter, maar ze bellen mij "
        "niet vaker.",
        "Contact tussen buren maakt de flat niet vanzelf veiliger. Daar is meer voor nodig.",
        "Het aantal meldingen van overlast rond de flat is ongeveer gelijk gebleven. Rond de "
        "bergingen wordt nog steeds gedeald. Bewoners kennen elkaar beter, maar ze bellen mij "
        "niet vaker.",
        "Contact tussen buren maakt de flat niet vanzelf veiliger. Daar is meer voor nodig.",
        "Bewoners kennen elkaar beter, maar ze bellen mij niet vaker.",
        collector="researcher",
        professional="Ruben Scholten",
    ),
    DemoStory(
        "hours-under-pressure",
        TAKING_PART,
        T,
        date(2024, 2, 15),
        WORSE,
        "negative",
        "panel",
        ("inzet onder druk",),
        "Ik heb beloofd tien uur per maand iets te doen voor de flat. In het begin ging dat "
        "goed. Sinds ik een nieuwe baan heb, lukt het niet meer. Ik voel me schuldig als ik "
        "{staff} zie. Soms denk ik dat de buren mij alleen zien als de vrijwilliger, niet als "
        "buurvrouw.",
        "Ik ben bang dat mijn woning afhangt van hoeveel uren ik maak. Ik wil graag helpen, "
        "maar niet onder druk.",
        "Ik heb beloofd tien uur per maand iets te doen voor de flat. In het begin ging dat "
        "goed. Sinds ik een nieuwe baan heb, lukt het niet meer. Ik voel me schuldig als ik de "
        "opbouwwerker zie. Soms denk ik dat de buren mij alleen zien als de vrijwilliger, niet "
        "als buurvrouw.",
        "Ik ben bang dat mijn woning afhangt van hoeveel uren ik maak. Ik wil graag helpen, "
        "maar niet onder druk.",
        "Soms denk ik dat de buren mij alleen zien als de vrijwilliger, niet als buurvrouw.",
    ),
    DemoStory(
        "waiting-son",
        LIVING,
        R,
        date(2024, 3, 19),
        WORSE,
        "negative",
        "analysis",
        ("wrijving",),
        "Het voelt oneerlijk dat mensen met een belofte voor vrijwilligerswerk voorgaan, "
        "terwijl mijn zoon al elf jaar op een woning wacht.",
        "Mijn zoon woont op zijn dertigste nog bij ons.",
        "Het voelt oneerlijk dat mensen met een belofte voor vrijwilligerswerk voorgaan, "
        "terwijl mijn zoon al elf jaar op een woning wacht.",
        "Mijn zoon woont op zijn dertigste nog bij ons.",
        collector="researcher",
    ),
    DemoStory(
        "language-cafe",
        CONTACT,
        R,
        date(2024, 5, 21),
        MSC,
        "positive",
        "publication",
        ("taal",),
        "Ik kom uit Eritrea en spreek nog niet goed Nederlands. In het taalcafé op donderdag "
        "oefen ik met {neighbour}, een nieuwe bewoner die vrijwilliger is. Nu durf ik zelf naar "
        "de huisarts te bellen.",
        "Ik voel me minder afhankelijk van mijn kinderen.",
        "Ik ben een paar jaar geleden naar Nederland gekomen en spreek nog niet goed "
        "Nederlands. In het taalcafé op donderdag oefen ik met een nieuwe bewoner die "
        "vrijwilliger is. Nu durf ik zelf naar de huisarts te bellen.",
        "Ik voel me minder afhankelijk van mijn kinderen.",
        "Nu durf ik zelf naar de huisarts te bellen.",
    ),
    DemoStory(
        "withdrawn-later",
        CONTACT,
        T,
        date(2024, 6, 11),
        MSC,
        "positive",
        "panel",
        ("koffieochtend",),
        "Ik ben {name}. Door de koffieochtend ken ik nu de halve galerij.",
        "Ik voel me thuis.",
        "Door de koffieochtend ken ik nu de halve galerij.",
        "Ik voel me thuis.",
        extra={"withdrawn_on": date(2024, 9, 2)},
    ),
    DemoStory(
        "repair-day-flagged",
        TAKING_PART,
        T,
        date(2024, 10, 15),
        MSC,
        "positive",
        "publication",
        ("groene groep",),
        "Op de klusdag hebben {staff} en ik met acht bewoners de fietsenstalling opgeknapt. "
        "Iedereen nam gereedschap mee.",
        "Ik kan iets wat anderen nodig hebben.",
        # The collector forgot the coordinator's name: the check flags it.
        "Op de klusdag hebben {staff} en ik met acht bewoners de fietsenstalling opgeknapt. "
        "Iedereen nam gereedschap mee.",
        "Ik kan iets wat anderen nodig hebben.",
    ),
    DemoStory(
        "lift-broken",
        LIVING,
        R,
        date(2024, 11, 5),
        WORSE,
        "negative",
        "quotation",
        ("overlast",),
        "De lift aan de kant van {address} was zes weken kapot. De buren van de groene groep "
        "hebben boodschappen voor mij gedaan, maar de corporatie liet niets horen.",
        "Zonder buren had ik zes weken binnen gezeten.",
        None,
    ),
)

ROUND_NAME = "Selectiepanel najaar 2023"
ROUND_DAY = date(2023, 11, 21)
ROUND_OTHER_MEMBERS = "Een bewonersvertegenwoordiger van de huurdersvereniging; de wijkagent."
CHOICES = {
    CONTACT: (
        "widow-tuesdays",
        "Het panel koos dit verhaal omdat het laat zien hoe een nieuwe bewoner een oudere "
        "buurvrouw uit haar isolement haalde. De verandering is klein maar blijvend: zij gaat "
        "nu elke week naar de koffieochtend en wordt gemist als ze er niet is. Het panel vond "
        "het belangrijk dat dit verhaal van een zittende bewoner komt en niet van een "
        "vrijwilliger zelf.",
    ),
    TAKING_PART: (
        "green-group-start",
        "Het panel koos dit verhaal omdat het een activiteit beschrijft die bewoners zelf zijn "
        "begonnen en die is gegroeid van drie naar twaalf deelnemers. Het laat zien wat de "
        "regeling wil bereiken: bewoners die zelf iets opzetten. Het panel merkte op dat "
        "zittende bewoners zich niet altijd uitgenodigd voelen, zoals een ander verhaal liet "
        "zien, en vraagt de groep daar aandacht aan te geven.",
    ),
    LIVING: (
        "quiet-after-ten",
        "Het panel koos dit verhaal omdat het laat zien dat wrijving tussen nieuwe en zittende "
        "bewoners kan worden opgelost door met elkaar te praten. De afspraken zijn concreet en "
        "de klachten zijn gestopt. Het panel vond het eerlijk dat het verhaal begint met een "
        "probleem en niet alleen met succes.",
    ),
}
FEEDBACK = (
    (
        "widow-tuesdays",
        date(2023, 12, 5),
        "in_person",
        "Op de koffieochtend verteld dat het panel haar verhaal koos, en waarom.",
    ),
    (
        "green-group-start",
        date(2023, 12, 6),
        "phone",
        "Gebeld: het verhaal is gekozen; de opmerking van het panel over zittende bewoners "
        "doorgegeven aan de groene groep.",
    ),
    (
        "quiet-after-ten",
        date(2023, 12, 6),
        "letter",
        "Brief met de keuze van het panel en de redenen.",
    ),
    (
        "not-invited",
        date(2023, 12, 12),
        "meeting",
        "Op de bewonersavond verteld dat het panel haar verhaal las en besprak, en dat de "
        "groene groep zittende bewoners persoonlijk gaat uitnodigen.",
    ),
    (
        "withdrawn-later",
        date(2024, 9, 3),
        "phone",
        "Bevestigd dat het verhaal is gewist.",
    ),
)
