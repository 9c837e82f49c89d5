"""Word lists for the prose that :mod:`newsclean.testing.strategies` writes.

Small, hand-picked, news-flavoured vocabularies (so that generated articles read like
news and never contain anything offensive), one per supported language. Words that occur
in the built-in rule packs' patterns are taken out when the strategies are built, so
prose never trips a boilerplate rule by accident.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """What the prose writer needs to know about one language."""

    code: str
    words: tuple[str, ...]  # content words, as written inside a sentence
    function: tuple[str, ...]  # short words that go between them
    names: tuple[tuple[str, str], ...]  # (first, last)
    said: tuple[str, ...]  # speech verbs for attributions
    quote_first: str  # "{quote}" then "{name} {said}.": format with quote, name, said
    quote_last: str  # "{name} {said}" then the quotation
    brackets: tuple[str, ...]  # editorial brackets ("sic")
    title_case: bool  # capitalise every word of a headline


def _split(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.split()))


LATIN_NAMES = (
    ("Anna", "Kowalska"), ("Jürgen", "Müller"), ("José", "Núñez"), ("Zoë", "Laurent"),
    ("Łukasz", "Wróbel"), ("Sviatlana", "Tsikhanouskaya"), ("Maria", "Kalesnikava"),
    ("Ólafur", "Ragnarsson"), ("Chiara", "Benedetti"), ("Mehmet", "Yılmaz"), ("Ingrid", "Solberg"),
    ("Tomás", "Ó Briain"), ("Amara", "Okafor"), ("Hiroshi", "Tanaka"), ("Priya", "Raman"),
    ("Dmitri", "Volkov"), ("Elena", "Petrescu"), ("Gábor", "Szabó"), ("Aino", "Mäkinen"),
    ("Rasa", "Kazlauskienė"), ("Jānis", "Bērziņš"), ("Marek", "Dvořák"), ("Fatima", "Benali"),
    ("Camille", "Lefèvre"), ("Søren", "Jørgensen"), ("Iñaki", "Etxeberria"), ("Lena", "Hoffmann"),
    ("Viktar", "Babaryka"), ("Tariq", "Haddad"), ("Nadia", "Kovalenko"), ("Paulo", "Gonçalves"),
    ("Katarzyna", "Zielińska"), ("Ahmed", "Mansour"), ("Olga", "Nowak"), ("Mateo", "García"),
)

CYRILLIC_NAMES = (
    ("Анна", "Смирнова"), ("Сергей", "Иванов"), ("Ольга", "Кузнецова"), ("Дмитрий", "Соколов"),
    ("Мария", "Колесникова"), ("Виктор", "Бабарико"), ("Елена", "Попова"), ("Андрей", "Лебедев"),
    ("Наталья", "Морозова"), ("Павел", "Новиков"), ("Ирина", "Фёдорова"), ("Алексей", "Волков"),
    ("Татьяна", "Павлова"), ("Михаил", "Семёнов"), ("Светлана", "Тихановская"), ("Игорь", "Егоров"),
    ("Юлия", "Козлова"), ("Николай", "Степанов"), ("Вера", "Орлова"), ("Григорий", "Зайцев"),
)

EN = Language(
    code="en",
    words=_split(
        """
        government minister parliament election budget council coalition opposition protest
        court judge ruling verdict appeal treaty ceasefire sanctions embassy ambassador
        delegation summit negotiations agreement referendum campaign candidate ballot turnout
        economy inflation prices wages pensions taxes tariffs exports imports factory harbour
        railway bridge motorway airport border customs farmers harvest drought flooding
        wildfire storm earthquake hospital clinic vaccine doctors nurses patients school
        teachers students university scientists laboratory research satellite telescope
        energy pipeline reactor turbines gas coal solar electricity grid shortage reform
        ministry department agency regulator inquiry investigation prosecutors lawyers
        suspects witnesses hearing testimony charges bail sentence prison detention
        demonstrators crowd rally march square capital province region district village
        mayor governor senator deputy spokesman spokeswoman chairman president premier
        cabinet decree legislation amendment constitution majority minority veto quorum
        deficit surplus subsidy loan bonds currency exchange markets investors shares
        company merger acquisition workers union strike negotiators settlement contract
        fishermen quota vessel cargo container shipping fleet navy troops soldiers
        convoy refugees migrants shelter aid donors charity volunteers relief rebuilding
        museum exhibition festival theatre orchestra novel author stadium championship
        coach striker goalkeeper tournament medal athletes marathon record season
        approved rejected announced postponed criticised welcomed confirmed denied
        warned promised launched signed suspended resumed expanded reduced doubled
        closed reopened extended delayed investigated arrested released acquitted
        convicted appointed resigned elected defeated negotiated ratified vetoed
        debated questioned praised condemned estimated recorded reported predicted
        northern southern eastern western coastal rural urban regional national foreign
        domestic annual monthly weekly temporary permanent emergency independent senior
        former acting interim controversial unprecedented modest sharp gradual
        significant ambitious costly fragile stable volatile remote crowded historic
        agricultural industrial financial judicial military diplomatic environmental
        electoral municipal provincial federal parliamentary humanitarian economic
        yesterday overnight earlier recently initially eventually reportedly
        """
    ),
    function=_split("the a of in on for with and to after before over from at as into under"),
    names=LATIN_NAMES,
    said=("said", "told reporters", "added", "wrote", "explained"),
    quote_first="“{quote},” {name} {said}.",
    quote_last="{name} {said}: “{quote}.”",
    brackets=("sic", "…"),
    title_case=True,
)

DE = Language(
    code="de",
    words=_split(
        """
        Regierung Ministerin Minister Parlament Wahl Haushalt Stadtrat Koalition Opposition
        Protest Gericht Richterin Urteil Berufung Vertrag Waffenruhe Sanktionen Botschaft
        Botschafterin Delegation Gipfel Verhandlungen Abkommen Volksabstimmung Wahlkampf
        Kandidatin Stimmzettel Wahlbeteiligung Wirtschaft Inflation Preise Löhne Renten
        Steuern Zölle Ausfuhren Einfuhren Fabrik Hafen Eisenbahn Brücke Autobahn Flughafen
        Grenze Zoll Bauern Ernte Dürre Hochwasser Waldbrand Sturm Erdbeben Krankenhaus
        Impfstoff Ärzte Pflegekräfte Patienten Schule Lehrer Studenten Universität
        Wissenschaftler Labor Forschung Satellit Energie Pipeline Reaktor Windräder Kohle
        Strom Stromnetz Engpass Reform Ministerium Behörde Aufsicht Untersuchung
        Staatsanwaltschaft Anwälte Verdächtige Zeugen Anhörung Aussage Anklage Kaution
        Haftstrafe Gefängnis Demonstranten Menge Kundgebung Platz Hauptstadt Provinz Region
        Bezirk Dorf Bürgermeisterin Gouverneur Senatorin Abgeordnete Sprecher Sprecherin
        Vorsitzende Präsidentin Kabinett Verordnung Gesetz Änderung Verfassung Mehrheit
        Minderheit Defizit Überschuss Subvention Kredit Anleihen Währung Märkte Anleger
        Aktien Unternehmen Fusion Übernahme Arbeiter Gewerkschaft Streik Einigung Vertrag
        Fischer Fangquote Schiff Ladung Reederei Flotte Marine Truppen Soldaten Konvoi
        Flüchtlinge Unterkunft Hilfe Spender Freiwillige Wiederaufbau Museum Ausstellung
        Festival Theater Orchester Roman Stadion Meisterschaft Trainer Stürmer Torwart
        Turnier Medaille Rekord Saison genehmigt abgelehnt angekündigt verschoben
        kritisiert begrüßt bestätigt dementiert gewarnt versprochen gestartet
        unterzeichnet ausgesetzt fortgesetzt erweitert gesenkt verdoppelt geschlossen
        wiedereröffnet verlängert verzögert untersucht festgenommen freigelassen
        freigesprochen verurteilt ernannt zurückgetreten gewählt besiegt verhandelt
        ratifiziert debattiert gelobt verurteilten geschätzt verzeichnet nördlichen
        südlichen östlichen westlichen ländlichen städtischen regionalen nationalen
        ausländischen jährlichen monatlichen vorläufigen dauerhaften unabhängigen
        ehemaligen umstrittenen beispiellosen deutlichen schrittweisen erheblichen
        ehrgeizigen teuren stabilen historischen landwirtschaftlichen industriellen
        finanziellen militärischen diplomatischen humanitären wirtschaftlichen gestern
        nachts früher kürzlich zunächst schließlich angeblich Bundesländer Landtag Kommune
        Verkehr Mieten Wohnungen Baustelle Genehmigung Gutachten Zeitplan Kosten Schulden
        """
    ),
    function=_split("der die das und mit für nach vor über von im am auf bei zu den dem des ein eine"),
    names=LATIN_NAMES,
    said=("sagte", "erklärte", "betonte", "fügte hinzu"),
    quote_first="„{quote}“, {said} {name}.",
    quote_last="{name} {said}: „{quote}.“",
    brackets=("sic", "…"),
    title_case=False,
)

FR = Language(
    code="fr",
    words=_split(
        """
        gouvernement ministre parlement élection budget conseil coalition opposition
        manifestation tribunal juge jugement appel traité cessez-le-feu sanctions ambassade
        ambassadrice délégation sommet négociations accord référendum campagne candidate
        scrutin participation économie inflation prix salaires retraites impôts douane
        exportations importations usine port chemin pont autoroute aéroport frontière
        agriculteurs récolte sécheresse inondations incendie tempête séisme hôpital vaccin
        médecins infirmières patients école enseignants étudiants université chercheurs
        laboratoire recherche satellite énergie gazoduc réacteur éoliennes charbon
        électricité réseau pénurie réforme ministère agence régulateur enquête procureurs
        avocats suspects témoins audience témoignage inculpation caution peine prison
        détention manifestants foule rassemblement marche place capitale province région
        arrondissement village maire préfet sénatrice députée porte-parole président
        présidente cabinet décret loi amendement constitution majorité minorité déficit
        excédent subvention prêt obligations monnaie marchés investisseurs actions
        entreprise fusion rachat ouvriers syndicat grève négociateurs compromis pêcheurs
        quota navire cargaison flotte marine troupes soldats convoi réfugiés migrants abri
        donateurs bénévoles reconstruction musée exposition théâtre orchestre roman
        écrivaine stade championnat entraîneur attaquant gardien tournoi médaille athlètes
        marathon saison approuvé rejeté annoncé reporté critiqué salué confirmé démenti
        averti promis lancé signé suspendu repris élargi réduit doublé fermé rouvert
        prolongé retardé arrêté libéré acquitté condamné nommé démissionné élu battu
        négocié ratifié débattu estimé enregistré prévu septentrional méridional oriental
        occidental côtier rural urbain régional national étranger intérieur annuel
        mensuel hebdomadaire temporaire permanent indépendant ancien intérimaire
        controversé inédit modeste brutal progressif important ambitieux coûteux fragile
        stable historique agricole industriel financier judiciaire militaire diplomatique
        environnemental électoral municipal fédéral parlementaire humanitaire hier
        auparavant récemment finalement loyers logements chantier permis expertise
        calendrier dette transports communes département mairie préfecture
        """
    ),
    function=_split("le la les de des du et pour avec après avant sur dans par un une au aux"),
    names=LATIN_NAMES,
    said=("a déclaré", "a ajouté", "a expliqué", "a souligné"),
    quote_first="« {quote} », {said} {name}.",
    quote_last="{name} {said} : « {quote}. »",
    brackets=("sic", "…"),
    title_case=False,
)

RU = Language(
    code="ru",
    words=_split(
        """
        правительство министр парламент выборы бюджет совет коалиция оппозиция протест суд
        судья приговор апелляция договор перемирие санкции посольство посол делегация
        саммит переговоры соглашение референдум кампания кандидат бюллетень явка
        экономика инфляция цены зарплаты пенсии налоги пошлины экспорт импорт завод порт
        железная мост трасса аэропорт граница таможня фермеры урожай засуха наводнение
        пожар шторм землетрясение больница вакцина врачи медсёстры пациенты школа учителя
        студенты университет учёные лаборатория исследование спутник энергия газопровод
        реактор ветряки уголь электричество сеть дефицит реформа министерство агентство
        регулятор расследование прокуратура адвокаты подозреваемые свидетели заседание
        показания обвинение залог срок тюрьма задержание демонстранты толпа митинг шествие
        площадь столица область регион район деревня мэр губернатор сенатор депутат
        председатель президент кабинет указ закон поправка конституция большинство
        меньшинство профицит субсидия кредит облигации валюта рынки инвесторы акции
        компания слияние поглощение рабочие профсоюз забастовка компромисс рыбаки квота
        судно груз флот войска солдаты колонна беженцы мигранты убежище помощь доноры
        волонтёры восстановление музей выставка фестиваль театр оркестр роман стадион
        чемпионат тренер нападающий вратарь турнир медаль спортсмены марафон рекорд сезон
        одобрил отклонил объявил отложил раскритиковал приветствовал подтвердил опроверг
        предупредил пообещал запустил подписал приостановил возобновил расширил сократил
        удвоил закрыл открыл продлил задержал освободил оправдал осудил назначил
        избрал победил обсудил ратифицировал оценил зафиксировал северный южный
        восточный западный прибрежный сельский городской региональный национальный
        зарубежный ежегодный ежемесячный временный постоянный независимый бывший
        спорный беспрецедентный скромный резкий постепенный значительный амбициозный
        дорогой хрупкий стабильный исторический аграрный промышленный финансовый
        судебный военный дипломатический экологический избирательный муниципальный
        федеральный гуманитарный вчера ночью ранее недавно сначала наконец якобы
        аренда жильё стройка разрешение экспертиза график долги транспорт
        """
    ),
    function=_split("и в на с по для после до о при за от к из у"),
    names=CYRILLIC_NAMES,
    said=("заявил", "сообщил", "добавил", "подчеркнул"),
    quote_first="«{quote}», — {said} {name}.",
    quote_last="{name} {said}: «{quote}».",
    brackets=("sic", "…"),
    title_case=False,
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (EN, DE, FR, RU)}
