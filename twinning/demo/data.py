"""Word lists for believable demo data: cities, school names and people's names per country.

Names are written in Latin script so that demo email addresses stay readable.
A country without its own school-name patterns falls back to English ones.
"""

# Cities per country, with the region code where the country has regions.
CITIES: dict[str, list[tuple[str, str]]] = {
    "AT": [("Wien", ""), ("Graz", ""), ("Linz", ""), ("Salzburg", ""), ("Innsbruck", "")],
    "BE": [("Antwerpen", "BE-VLG"), ("Gent", "BE-VLG"), ("Liège", "BE-WAL"), ("Namur", "BE-WAL"), ("Eupen", "BE-DG")],
    "BG": [("Sofia", ""), ("Plovdiv", ""), ("Varna", ""), ("Burgas", "")],
    "HR": [("Zagreb", ""), ("Split", ""), ("Rijeka", ""), ("Osijek", "")],
    "CY": [("Nicosia", ""), ("Limassol", ""), ("Larnaca", "")],
    "CZ": [("Praha", ""), ("Brno", ""), ("Ostrava", ""), ("Plzeň", "")],
    "DK": [("København", ""), ("Aarhus", ""), ("Odense", ""), ("Aalborg", "")],
    "EE": [("Tallinn", ""), ("Tartu", ""), ("Pärnu", "")],
    "FI": [("Helsinki", ""), ("Tampere", ""), ("Turku", ""), ("Oulu", "")],
    "FR": [("Paris", ""), ("Lyon", ""), ("Marseille", ""), ("Toulouse", ""), ("Nantes", ""), ("Lille", "")],
    "DE": [("Berlin", ""), ("Hamburg", ""), ("München", ""), ("Köln", ""), ("Leipzig", ""), ("Freiburg", "")],
    "GR": [("Athina", ""), ("Thessaloniki", ""), ("Patra", ""), ("Irakleio", "")],
    "HU": [("Budapest", ""), ("Debrecen", ""), ("Szeged", ""), ("Pécs", "")],
    "IE": [("Dublin", ""), ("Cork", ""), ("Galway", ""), ("Limerick", "")],
    "IT": [("Roma", ""), ("Milano", ""), ("Napoli", ""), ("Torino", ""), ("Bologna", ""), ("Firenze", "")],
    "LV": [("Rīga", ""), ("Daugavpils", ""), ("Liepāja", "")],
    "LT": [("Vilnius", ""), ("Kaunas", ""), ("Klaipėda", "")],
    "LU": [("Luxembourg", ""), ("Esch-sur-Alzette", ""), ("Differdange", "")],
    "MT": [("Valletta", ""), ("Birkirkara", ""), ("Sliema", "")],
    "NL": [("Amsterdam", ""), ("Rotterdam", ""), ("Utrecht", ""), ("Groningen", ""), ("Eindhoven", "")],
    "PL": [("Warszawa", ""), ("Kraków", ""), ("Gdańsk", ""), ("Wrocław", ""), ("Poznań", ""), ("Lublin", "")],
    "PT": [("Lisboa", ""), ("Porto", ""), ("Coimbra", ""), ("Braga", ""), ("Faro", "")],
    "RO": [("București", ""), ("Cluj-Napoca", ""), ("Iași", ""), ("Timișoara", "")],
    "SK": [("Bratislava", ""), ("Košice", ""), ("Žilina", "")],
    "SI": [("Ljubljana", ""), ("Maribor", ""), ("Celje", "")],
    "ES": [
        ("Sevilla", "ES-AN"),
        ("Málaga", "ES-AN"),
        ("Granada", "ES-AN"),
        ("Córdoba", "ES-AN"),
        ("Barcelona", "ES-CT"),
        ("Girona", "ES-CT"),
        ("Madrid", "ES-MD"),
        ("Valencia", "ES-VC"),
        ("Bilbao", "ES-PV"),
        ("Zaragoza", "ES-AR"),
        ("Santiago de Compostela", "ES-GA"),
        ("Oviedo", "ES-AS"),
        ("Murcia", "ES-MC"),
    ],
    "SE": [("Stockholm", ""), ("Göteborg", ""), ("Malmö", ""), ("Uppsala", "")],
    "AL": [("Tirana", ""), ("Durrës", ""), ("Shkodër", "")],
    "BA": [("Sarajevo", ""), ("Mostar", ""), ("Banja Luka", "")],
    "IS": [("Reykjavík", ""), ("Akureyri", "")],
    "LI": [("Vaduz", ""), ("Schaan", "")],
    "ME": [("Podgorica", ""), ("Nikšić", "")],
    "MK": [("Skopje", ""), ("Bitola", ""), ("Ohrid", "")],
    "NO": [("Oslo", ""), ("Bergen", ""), ("Trondheim", "")],
    "RS": [("Beograd", ""), ("Novi Sad", ""), ("Niš", "")],
    "TR": [("İstanbul", ""), ("Ankara", ""), ("İzmir", ""), ("Bursa", "")],
    "AM": [("Yerevan", ""), ("Gyumri", "")],
    "AZ": [("Baku", ""), ("Ganja", "")],
    "EG": [("Cairo", ""), ("Alexandria", "")],
    "GE": [("Tbilisi", ""), ("Kutaisi", ""), ("Batumi", "")],
    "JO": [("Amman", ""), ("Irbid", "")],
    "LB": [("Beirut", ""), ("Tripoli", "")],
    "MD": [("Chișinău", ""), ("Bălți", "")],
    "MA": [("Rabat", ""), ("Casablanca", ""), ("Fès", "")],
    "TN": [("Tunis", ""), ("Sfax", ""), ("Sousse", "")],
    "UA": [("Kyiv", ""), ("Lviv", ""), ("Odesa", ""), ("Kharkiv", "")],
}

# The languages a teacher of the country most likely speaks besides English.
COUNTRY_LANGUAGES: dict[str, list[str]] = {
    "AT": ["de"], "BE": ["nl", "fr"], "BG": ["bg"], "HR": ["hr"], "CY": ["el"], "CZ": ["cs"], "DK": ["da"],
    "EE": ["et"], "FI": ["fi"], "FR": ["fr"], "DE": ["de"], "GR": ["el"], "HU": ["hu"], "IE": ["ga"],
    "IT": ["it"], "LV": ["lv"], "LT": ["lt"], "LU": ["lb", "fr", "de"], "MT": ["mt"], "NL": ["nl"],
    "PL": ["pl"], "PT": ["pt"], "RO": ["ro"], "SK": ["sk"], "SI": ["sl"], "ES": ["es"], "SE": ["sv"],
    "AL": ["sq"], "BA": ["bs"], "IS": ["is"], "LI": ["de"], "ME": ["sr"], "MK": ["mk"], "NO": ["no"],
    "RS": ["sr"], "TR": ["tr"], "AM": ["hy"], "AZ": ["az"], "EG": ["ar"], "GE": ["ka"], "JO": ["ar"],
    "LB": ["ar", "fr"], "MD": ["ro"], "MA": ["ar", "fr"], "TN": ["ar", "fr"], "UA": ["uk"],
}  # fmt: skip

# School names: "{x}" is a person or place from the country's list, "{city}" the school's city.
SCHOOL_PATTERNS: dict[str, tuple[list[str], list[str]]] = {
    "ES": (
        ["IES {x}", "CEIP {x}", "Colegio {x}"],
        ["Miguel de Cervantes", "Antonio Machado", "Federico García Lorca", "Rosalía de Castro", "Clara Campoamor",
         "María Zambrano", "Juan Ramón Jiménez", "Santa Teresa", "Al-Ándalus", "Severo Ochoa"],
    ),
    "FR": (
        ["Lycée {x}", "Collège {x}", "École élémentaire {x}"],
        ["Victor Hugo", "Jules Ferry", "Marie Curie", "Jean Moulin", "Simone Veil", "Louise Michel", "Albert Camus"],
    ),
    "DE": (
        ["Gymnasium {x}", "Grundschule {x}", "Realschule {x}"],
        ["am Park", "am Stadtwald", "an der Elbe", "am Rosenberg", "am Markt", "Lindenhof", "Sonnenhang"],
    ),
    "AT": (
        ["Gymnasium {x}", "Volksschule {x}", "Mittelschule {x}"],
        ["am Ring", "Donaustadt", "am Kreuzberg", "Mozartstraße", "Anton Bruckner"],
    ),
    "IT": (
        ["Liceo Scientifico {x}", "Istituto Comprensivo {x}", "Scuola Primaria {x}"],
        ["Galileo Galilei", "Dante Alighieri", "Maria Montessori", "Leonardo da Vinci", "Giuseppe Verdi"],
    ),
    "PT": (
        ["Escola Secundária {x}", "Agrupamento de Escolas {x}", "Escola Básica {x}"],
        ["Camões", "Fernando Pessoa", "Eça de Queirós", "Sophia de Mello Breyner", "D. Dinis"],
    ),
    "PL": (
        ["Szkoła Podstawowa im. {x}", "Liceum Ogólnokształcące im. {x}"],
        ["Marii Skłodowskiej-Curie", "Mikołaja Kopernika", "Adama Mickiewicza", "Fryderyka Chopina"],
    ),
    "NL": (
        ["{x} College", "Basisschool {x}", "{x} Lyceum"],
        ["De Regenboog", "Erasmus", "Vondel", "Spinoza", "De Linde"],
    ),
    "BE": (
        ["Athénée Royal {x}", "Koninklijk Atheneum {x}", "École communale {x}"],
        ["Jean Absil", "Erasmus", "Les Tilleuls", "De Wingerd", "Sint-Jozef"],
    ),
    "IE": (
        ["Scoil {x}", "{city} Community College", "Coláiste {x}"],
        ["Bhríde", "Mhuire", "Colmcille", "Naomh Pádraig", "Íde"],
    ),
    "SE": (["{x}skolan", "{x} gymnasium"], ["Rosendal", "Björkhaga", "Ekbacka", "Solberga", "Lindholmen"]),
    "NO": (["{x} skole", "{x} videregående skole"], ["Fjellhamar", "Bjølsen", "Lindeberg", "Nordstrand"]),
    "DK": (["{x} Skole", "{x} Gymnasium"], ["Skovbo", "Nørre", "Søndervang", "Engdal"]),
    "FI": (["{x}n koulu", "{x}n lukio"], ["Koivikko", "Mäntylä", "Kallio", "Järvenpää"]),
    "CZ": (["Základní škola {x}", "Gymnázium {x}"], ["Jana Amose Komenského", "Na Výsluní", "Karla Čapka"]),
    "SK": (["Základná škola {x}", "Gymnázium {x}"], ["Ľudovíta Štúra", "Pod Hájom", "Mateja Bela"]),
    "RO": (["Colegiul Național {x}", "Școala Gimnazială {x}"], ["Mihai Eminescu", "Ion Creangă", "George Coșbuc"]),
    "MD": (["Liceul Teoretic {x}", "Gimnaziul {x}"], ["Mihai Eminescu", "Ion Creangă", "Alexandru cel Bun"]),
    "HU": (["{x} Általános Iskola", "{x} Gimnázium"], ["Petőfi Sándor", "Arany János", "Kodály Zoltán"]),
    "HR": (["Osnovna škola {x}", "Gimnazija {x}"], ["Ivana Gorana Kovačića", "Marka Marulića", "Vladimira Nazora"]),
    "SI": (["Osnovna šola {x}", "Gimnazija {x}"], ["Franceta Prešerna", "Ivana Cankarja", "Bežigrad"]),
    "GR": (["{x} Gymnasio of {city}", "{x} Lykeio of {city}"], ["1st", "2nd", "3rd", "5th", "Experimental"]),
    "CY": (["{x} Lyceum of {city}", "{x} Primary School of {city}"],
           ["Pancyprian", "Agios Georgios", "Apostolos Varnavas"]),
    "TR": (["{x} Anadolu Lisesi", "{x} İlkokulu", "{x} Ortaokulu"],
           ["Atatürk", "Cumhuriyet", "Yunus Emre", "Mimar Sinan"]),
    "LT": (["{x} gimnazija", "{x} progimnazija"], ["Vydūno", "Žemynos", "Saulės"]),
    "LV": (["{x} vidusskola", "{x} pamatskola"], ["Rīgas 1.", "Zvaigznes", "Ezerkrasta"]),
    "EE": (["{x} Gümnaasium", "{x} Põhikool"], ["Kesklinna", "Pelgulinna", "Tamme"]),
    "UA": (["Lyceum No. {n} of {city}", "Gymnasium \"{x}\""], ["Dzherelo", "Svitanok", "Promin"]),
}  # fmt: skip

ENGLISH_PATTERNS = ["{x} Primary School", "{x} Secondary School", "{city} High School", "{x} School"]
ENGLISH_NAMES = ["St. Mary's", "Riverside", "Hillcrest", "Oak Tree", "Harbour View", "Green Valley", "Central"]

# First and last names by the main language of the country.
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "es": (["Lucía", "Javier", "Carmen", "Pablo", "María", "Alejandro", "Elena", "Sergio", "Marta", "Raúl"],
           ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Molina", "Ortega", "Ruiz"]),
    "fr": (["Camille", "Julien", "Claire", "Nicolas", "Sophie", "Antoine", "Léa", "Thomas", "Manon", "Hugo"],
           ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefebvre", "Fontaine", "Girard", "Roux", "Blanc"]),
    "de": (["Anna", "Jonas", "Katharina", "Lukas", "Julia", "Felix", "Sabine", "Tobias", "Miriam", "Stefan"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner", "Koch", "Wolf"]),
    "it": (["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Sara", "Andrea", "Elisa", "Davide"],
           ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"]),
    "pt": (["Inês", "João", "Mariana", "Tiago", "Beatriz", "Rui", "Catarina", "Miguel", "Sofia", "Pedro"],
           ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Gomes"]),
    "pl": (["Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Paweł", "Joanna", "Michał", "Ewa", "Marek"],
           ["Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański"]),
    "nl": (["Sanne", "Daan", "Lotte", "Bram", "Eva", "Thijs", "Femke", "Joris", "Anouk", "Pieter"],
           ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Peeters", "Maes"]),
    "el": (["Maria", "Giorgos", "Eleni", "Nikos", "Katerina", "Dimitris", "Sofia", "Kostas", "Anna", "Yannis"],
           ["Papadopoulos", "Georgiou", "Nikolaou", "Konstantinou", "Ioannou", "Christodoulou", "Pappas"]),
    "en": (["Aoife", "Ciarán", "Siobhán", "Conor", "Niamh", "Seán", "Orla", "Declan", "Emma", "James"],
           ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "Doyle", "Camilleri", "Borg"]),
    "nordic": (["Emma", "Lars", "Ingrid", "Mikkel", "Sara", "Erik", "Freja", "Anders", "Aino", "Sigrún"],
               ["Andersson", "Johansson", "Hansen", "Nielsen", "Larsen", "Virtanen", "Korhonen", "Jónsdóttir"]),
    "baltic": (["Kadri", "Mart", "Liga", "Jānis", "Rūta", "Tomas", "Ieva", "Andrius", "Kristiina", "Mārtiņš"],
               ["Tamm", "Saar", "Bērziņš", "Kalniņa", "Kazlauskas", "Petrauskienė", "Sepp", "Ozola"]),
    "cs": (["Jana", "Petr", "Lucie", "Jakub", "Zuzana", "Martin", "Eva", "Tomáš", "Katarína", "Lukáš"],
           ["Novák", "Svobodová", "Dvořák", "Horváth", "Kováčová", "Černý", "Procházková", "Varga"]),
    "hu": (["Zsófia", "Bence", "Eszter", "Gábor", "Réka", "Péter", "Anna", "Dániel"],
           ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár"]),
    "ro": (["Ioana", "Andrei", "Elena", "Mihai", "Alexandra", "Bogdan", "Cristina", "Radu"],
           ["Popescu", "Ionescu", "Popa", "Constantin", "Stan", "Dumitru", "Rusu", "Munteanu"]),
    "bg": (["Maria", "Georgi", "Ivana", "Dimitar", "Elena", "Nikolay", "Desislava", "Stoyan"],
           ["Ivanova", "Petrov", "Georgieva", "Dimitrov", "Nikolova", "Stoyanov", "Todorova"]),
    "south-slavic": (["Ana", "Marko", "Ivana", "Luka", "Maja", "Nikola", "Jelena", "Stefan", "Elena", "Aleksandar"],
                     ["Horvat", "Kovačević", "Novak", "Jovanović", "Petrović", "Hodžić", "Stojanovski", "Krajnc"]),
    "sq": (["Elira", "Arben", "Anila", "Besnik", "Jonida", "Gentian"], ["Hoxha", "Shehu", "Dervishi", "Gashi", "Leka"]),
    "tr": (["Ayşe", "Mehmet", "Zeynep", "Mustafa", "Elif", "Emre", "Fatma", "Burak"],
           ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk"]),
    "caucasus": (["Ani", "Armen", "Nino", "Giorgi", "Leyla", "Rashad", "Tamar", "Davit"],
                 ["Hakobyan", "Grigoryan", "Beridze", "Kapanadze", "Aliyeva", "Mammadov", "Sargsyan"]),
    "ar": (["Amira", "Youssef", "Salma", "Omar", "Leila", "Karim", "Nour", "Mehdi", "Yasmine", "Hassan"],
           ["El Amrani", "Haddad", "Ben Ali", "Khoury", "Mansour", "Nasser", "Trabelsi", "Saleh"]),
    "uk": (["Olena", "Andriy", "Iryna", "Oleksandr", "Natalia", "Taras", "Oksana", "Dmytro"],
           ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko"]),
}  # fmt: skip

COUNTRY_NAME_GROUP: dict[str, str] = {
    "AT": "de", "BE": "nl", "BG": "bg", "HR": "south-slavic", "CY": "el", "CZ": "cs", "DK": "nordic",
    "EE": "baltic", "FI": "nordic", "FR": "fr", "DE": "de", "GR": "el", "HU": "hu", "IE": "en", "IT": "it",
    "LV": "baltic", "LT": "baltic", "LU": "fr", "MT": "en", "NL": "nl", "PL": "pl", "PT": "pt", "RO": "ro",
    "SK": "cs", "SI": "south-slavic", "ES": "es", "SE": "nordic", "AL": "sq", "BA": "south-slavic",
    "IS": "nordic", "LI": "de", "ME": "south-slavic", "MK": "south-slavic", "NO": "nordic",
    "RS": "south-slavic", "TR": "tr", "AM": "caucasus", "AZ": "caucasus", "EG": "ar", "GE": "caucasus",
    "JO": "ar", "LB": "ar", "MD": "ro", "MA": "ar", "TN": "ar", "UA": "uk",
}  # fmt: skip

INTERESTS = [
    "climate", "storytelling", "robotics", "coding", "citizenship", "cultural heritage", "music", "theatre",
    "outdoor learning", "inclusion", "media literacy", "mathematics games", "reading", "healthy eating",
    "STEAM", "human rights", "biodiversity", "podcasts", "art", "European values", "entrepreneurship",
    "well-being", "sport", "recycling", "space", "photography", "local history", "creative writing",
]  # fmt: skip

ABOUT_TEXTS = [
    "I teach {subject} to pupils aged {ages} in {city}. We like projects where pupils talk to other classes "
    "and compare everyday life. I am looking for partners for a project next term.",
    "Teacher in {city} for more than ten years. My classes enjoy short, concrete exchanges: letters, videos, "
    "a shared online board. I speak {languages}.",
    "At our school we have started a small club around {interest}. I would love to find a class abroad that "
    "works on the same topic, even for a few weeks.",
    "I coordinate European activities at my school in {city}. Our pupils ({ages}) are curious and motivated; "
    "we welcome partners who want to build something together step by step.",
    "{subject} teacher. Interested in {interest} and in using simple digital tools with young pupils.",
]

TIME_ZONES: dict[str, str] = {
    "AT": "Europe/Vienna", "BE": "Europe/Brussels", "BG": "Europe/Sofia", "HR": "Europe/Zagreb",
    "CY": "Asia/Nicosia", "CZ": "Europe/Prague", "DK": "Europe/Copenhagen", "EE": "Europe/Tallinn",
    "FI": "Europe/Helsinki", "FR": "Europe/Paris", "DE": "Europe/Berlin", "GR": "Europe/Athens",
    "HU": "Europe/Budapest", "IE": "Europe/Dublin", "IT": "Europe/Rome", "LV": "Europe/Riga",
    "LT": "Europe/Vilnius", "LU": "Europe/Luxembourg", "MT": "Europe/Malta", "NL": "Europe/Amsterdam",
    "PL": "Europe/Warsaw", "PT": "Europe/Lisbon", "RO": "Europe/Bucharest", "SK": "Europe/Bratislava",
    "SI": "Europe/Ljubljana", "ES": "Europe/Madrid", "SE": "Europe/Stockholm", "AL": "Europe/Tirane",
    "BA": "Europe/Sarajevo", "IS": "Atlantic/Reykjavik", "LI": "Europe/Vaduz", "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje", "NO": "Europe/Oslo", "RS": "Europe/Belgrade", "TR": "Europe/Istanbul",
    "AM": "Asia/Yerevan", "AZ": "Asia/Baku", "EG": "Africa/Cairo", "GE": "Asia/Tbilisi", "JO": "Asia/Amman",
    "LB": "Asia/Beirut", "MD": "Europe/Chisinau", "MA": "Africa/Casablanca", "TN": "Africa/Tunis",
    "UA": "Europe/Kyiv",
}  # fmt: skip

# Words that tell a school's type from its name; the first match wins.
PRIMARY_WORDS = [
    "Primary", "Primaria", "CEIP", "Grundschule", "Volksschule", "élémentaire", "Básica", "Podstawowa",
    "Basisschool", "communale", "Scoil", "Základn", "Osnovn", "Általános", "Gimnazial", "İlkokulu", "skole",
    "Skole", "koulu", "skolan", "pamatskola", "Põhikool", "progimnazija",
]  # fmt: skip
LOWER_SECONDARY_WORDS = [
    "Colegio",
    "Collège",
    "Realschule",
    "Mittelschule",
    "Comprensivo",
    "Ortaokulu",
    "Gymnasio",
    "Gimnaziul",
]

# The demo teacher's network: notes with contact invitations, posts for the Home feed, conversations.
INVITATION_NOTES = [
    "Hello! I saw that you teach the same ages as I do. Shall we keep in touch for a project?",
    "We met at the online seminar on media literacy. I would be glad to have you as a contact.",
    "My class would love to exchange letters with yours. Shall we connect?",
    "",
]

POSTS = [
    "Our class finished the bilingual comic about our town. The pupils drew every page themselves!",
    "Looking for a partner class (13 to 15) for a project on water and climate next term.",
    "Today my pupils interviewed their grandparents about school 50 years ago. Fascinating answers.",
    "We planted a school garden with seeds sent by our partner school. Fingers crossed for spring.",
    "Tip: a shared online map is a great first activity with a new partner class.",
    "Our recipe book with three partner schools is printed. Thank you to every family who cooked!",
    "Anyone interested in a short project about European festivals in December?",
    "The pupils presented their project to the whole school today. Proud teacher moment.",
]

CONVERSATIONS = [
    (
        "Water and climate project",
        "Hello! Would your class like to work with mine on a project about water next term?",
        "Yes, gladly! My pupils are studying rivers right now. Shall we talk on Thursday?",
    ),
    (
        "Recipe book, second edition",
        "Hi both! Shall we make a second edition of the recipe book with the new classes?",
        "Count us in. We could add a chapter on festive dishes.",
    ),
]

# Project kits published by the central support service: (title, summary, activities, subjects, ages, languages).
KITS = [
    (
        "Our town in ten pictures",
        "Pupils present their town to partners abroad through ten photographs and short captions, then "
        "compare what they see.",
        "Week 1: each class chooses ten places that say something about their town.\n"
        "Week 2: pupils photograph them and write a caption of two sentences for each.\n"
        "Week 3: classes exchange the pictures on the TwinSpace and guess where each was taken.\n"
        "Week 4: a joint online gallery and a video call to talk about what surprised them.",
        ["geography", "art", "foreign-languages"],
        ["7-9", "10-12"],
        ["en", "fr"],
    ),
    (
        "Water around us",
        "A science project where classes measure, compare and explain the water they use at school and at home.",
        "Month 1: measure the water used at school for one week.\n"
        "Month 2: test tap and river water with simple kits and share the results in a table.\n"
        "Month 3: each class proposes one change to save water and reports on it.\n"
        "Month 4: a shared poster and an online presentation to the partner schools' parents.",
        ["environment", "biology", "chemistry"],
        ["10-12", "13-15"],
        ["en", "es"],
    ),
    (
        "Stories without borders",
        "Classes write a story together: each school writes one chapter, in turn, in a language they share.",
        "Step 1: agree on the characters and the setting in the forum.\n"
        "Step 2: each school writes a chapter in turn and illustrates it.\n"
        "Step 3: pupils read the chapters aloud and record them.\n"
        "Step 4: the finished book is published as a TwinSpace page.",
        ["home-language", "foreign-languages", "art"],
        ["7-9", "10-12", "13-15"],
        ["en", "fr", "de"],
    ),
    (
        "Spot the fake",
        "Older pupils learn to check news and pictures online, with examples from each partner country.",
        "Session 1: collect three viral stories from each country.\n"
        "Session 2: mixed teams check them with the methods of professional fact-checkers.\n"
        "Session 3: each team writes a short guide for younger pupils.\n"
        "Session 4: a live debate between the schools.",
        ["media", "citizenship", "computing"],
        ["13-15", "16-19"],
        ["en"],
    ),
]

# Project texts: (title, summary, subjects, ages, languages).
PROJECTS = [
    (
        "Water stories",
        "Our classes measure the water we use and tell each other how to save it.",
        ["environment", "biology"],
        ["13-15"],
        ["en", "es"],
    ),
    (
        "Recipes of our grandparents",
        "Pupils collect family recipes, cook them and share the stories behind them.",
        ["home-language", "history"],
        ["10-12"],
        ["en", "fr"],
    ),
    (
        "Maths on the map",
        "Measuring distances, areas and routes between our schools with real maps.",
        ["maths", "geography"],
        ["10-12", "13-15"],
        ["en"],
    ),
    (
        "Voices of the past",
        "Pupils interview older people about school life fifty years ago.",
        ["history", "citizenship"],
        ["13-15", "16-19"],
        ["en", "de"],
    ),
    (
        "Birds at our windows",
        "A year of bird-watching from our classrooms, counted and compared.",
        ["biology", "environment"],
        ["7-9"],
        ["en", "fr"],
    ),
    (
        "Comic strip Europe",
        "Each class draws a comic about a European tradition of its country.",
        ["art", "european-studies"],
        ["10-12"],
        ["en", "it"],
    ),
    (
        "Code a game together",
        "Mixed teams from two countries build a small game in a block language.",
        ["computing", "maths"],
        ["10-12", "13-15"],
        ["en"],
    ),
    (
        "Green school challenge",
        "Classes compete to cut the waste of their school, month by month.",
        ["environment", "citizenship"],
        ["13-15"],
        ["en", "pl"],
    ),
    (
        "Poems in two languages",
        "Pupils translate each other's poems and record them.",
        ["foreign-languages", "home-language"],
        ["16-19"],
        ["en", "fr", "es"],
    ),
    (
        "Songs we share",
        "Traditional songs of our countries, learned, sung and recorded together.",
        ["art", "foreign-languages"],
        ["4-6", "7-9"],
        ["en", "pt"],
    ),
    (
        "Young economists",
        "Pupils run a small school shop and compare prices and choices across countries.",
        ["economics", "maths"],
        ["16-19"],
        ["en"],
    ),
    (
        "Theatre on line",
        "A short play written and rehearsed by classes in three countries.",
        ["drama", "foreign-languages"],
        ["13-15", "16-19"],
        ["en", "de"],
    ),
]

PROJECT_AIMS = (
    "Pupils practise a foreign language with real readers, learn about their partners' daily life and "
    "work in mixed teams on a shared result."
)
PROJECT_WORK_PROCESS = (
    "Each month the teachers agree on a task in the teachers' board. Pupils work in mixed teams of two "
    "schools, share their work in Materials and discuss it in the forum. A video call closes each stage."
)
PROJECT_RESULTS = (
    "A shared TwinSpace with the pupils' pages, a final presentation to parents and an evaluation "
    "questionnaire filled in by every pupil."
)

TWINSPACE_UPDATES = [
    "Welcome to our TwinSpace! Start by introducing yourselves on the pupils' wall.",
    "The first task is online: take a picture of the water tap nearest to your classroom.",
    "Video call with our partners next Thursday at 10:00 (Spanish time).",
]
TWINSPACE_PAGES = [
    ("About our schools", "<h2>Who we are</h2><p>Two schools, two countries, one project about water.</p>"),
    (
        "Task 1: measuring",
        "<p>Each team measures the water used at school during one week.</p>"
        "<ul><li>Read the meter every morning</li><li>Write the figures in the shared table</li></ul>",
    ),
    ("Our results", "<p>The tables of both schools, side by side, with what we learned.</p>"),
]
FORUM_THREADS = [
    (
        "Hello from Sevilla!",
        "Hi everybody, we are the class 2ºB. What is the weather like in your town today?",
        "Hello! Here it is raining, as usual in autumn.",
    ),
    (
        "How do you save water at home?",
        "Please share one idea from your family.",
        "We keep the cold water from the shower to water the plants.",
    ),
]

# Groups: (name, description, aims, topic, language, kind).
GROUPS = [
    (
        "STEM teaching together",
        "Teachers of science, technology, engineering and maths share lessons that work.",
        "Swap lesson plans, try each other's experiments and discuss what pupils learned.",
        "maths",
        "en",
        "open",
    ),
    (
        "Language teachers' corner",
        "A place for teachers of foreign languages to share ideas and materials.",
        "Find partners for language exchanges and discuss ways to make pupils speak more.",
        "foreign-languages",
        "en",
        "open",
    ),
    (
        "Climate education network",
        "Teachers who bring climate and environment topics into every subject.",
        "Share projects, data and field trips about climate and biodiversity.",
        "environment",
        "en",
        "open",
    ),
    (
        "Andalusia and France reading circle",
        "Teachers from Andalusia and France read the same novels with their classes.",
        "Choose a book each term and let pupils discuss it across the two countries.",
        "home-language",
        "es",
        "closed",
    ),
    (
        "Inclusive classrooms",
        "How to make school projects work for every pupil.",
        "Collect practices for pupils with special needs in international projects.",
        "citizenship",
        "en",
        "closed",
    ),
    (
        "Robotics clubs",
        "Teachers who run after-school robotics clubs.",
        "Plan a joint robot challenge between clubs.",
        "computing",
        "en",
        "open",
    ),
]
GROUP_THREADS = [
    (
        "Your best first lesson of the year?",
        "Mine starts with a mystery box: pupils guess what is inside by asking questions.",
        "We build a paper tower in teams: it breaks the ice and shows who likes to lead.",
    ),
    (
        "Free tools for online exchanges",
        "Which tools do you use for video calls with partner classes?",
        "Our school's own video room works well; we record nothing and share the link in the TwinSpace.",
    ),
]
GROUP_ACTIVITIES = [
    ("Share one experiment", "Post one experiment your pupils loved, with the materials and what they learned."),
    ("Plan a joint lesson", "Pair up with a member from another country and plan one lesson you will both teach."),
]
# Project ideas: (title, description, ages, subjects, languages, countries wanted, keywords, availability).
IDEAS = [
    (
        "Seasons in our schoolyards",
        "Pupils photograph the same tree every month and compare seasons across Europe.",
        ["4-6", "7-9"],
        ["environment", "art"],
        ["en"],
        ["FI", "IT", "PT"],
        "nature, photography",
        "From October",
    ),
    (
        "Fairy tales from our countries",
        "Each class retells a local fairy tale and illustrates it for the partners.",
        ["7-9"],
        ["home-language", "art"],
        ["en", "fr"],
        ["FR", "BE", "PL"],
        "storytelling",
        "Second term",
    ),
    (
        "Measuring our carbon footprint",
        "Classes calculate the carbon footprint of their school and propose changes.",
        ["13-15"],
        ["environment", "maths"],
        ["en"],
        ["DE", "NL", "SE"],
        "climate, data, STEM",
        "Whole school year",
    ),
    (
        "Debate club across borders",
        "Monthly online debates on topics chosen by the pupils.",
        ["16-19"],
        ["citizenship", "foreign-languages"],
        ["en"],
        ["IE", "MT", "GR"],
        "debate, speaking, CLIL",
        "From January",
    ),
    (
        "Coding a quiz about Europe",
        "Pupils code a quiz game with questions about each partner country.",
        ["10-12"],
        ["computing", "european-studies"],
        ["en"],
        ["CZ", "SK", "HU"],
        "coding, STEM, games",
        "Spring",
    ),
    (
        "Recipes and maths",
        "Scaling recipes up and down: fractions with real ingredients.",
        ["10-12"],
        ["maths", "home-language"],
        ["en", "es"],
        ["IT", "FR"],
        "fractions, cooking",
        "From November",
    ),
    (
        "History through old postcards",
        "Pupils collect old postcards of their town and tell its history.",
        ["13-15", "16-19"],
        ["history", "geography"],
        ["en", "de"],
        ["AT", "DE", "SI"],
        "local history",
        "Next school year",
    ),
    (
        "Music of our regions",
        "Classes record a traditional song and teach it to their partners.",
        ["4-6", "7-9"],
        ["art"],
        ["en"],
        ["RO", "BG", "HR"],
        "music, traditions",
        "From February",
    ),
]

# Events: (title, kind, format, days from today, hours long, capacity, visibility, language).
EVENTS = [
    ("Getting started with Twinning", "training", "online", -30, 1, 100, "public", "en"),
    ("Our school in Sevilla: a virtual visit", "school_presentation", "online", -10, 1, 60, "public", "es"),
    ("Water stories: what our pupils found", "project_presentation", "online", 0, 2, 80, "public", "en"),
    ("Find partners for science projects", "partner_search", "online", 3, 1, 3, "public", "en"),
    ("Storytelling workshop for language teachers", "workshop", "face_to_face", 12, 3, 25, "public", "en"),
    ("Andalusian coordinators' meeting", "workshop", "face_to_face", 20, 2, 15, "private", "es"),
    ("Digital tools for project work", "training", "online", 30, 1, 100, "public", "fr"),
    ("Cancelled: spring partner fair", "partner_search", "online", 15, 1, 50, "public", "en"),
]

# Self-learning modules: title, summary, language, steps (title, body), questions (text, choices, right index).
MODULES = [
    {
        "title": "Your first eTwinning project, step by step",
        "summary": (
            "From an idea to an approved project: finding a partner, founding the project and opening its TwinSpace."
        ),
        "language": "en",
        "steps": [
            (
                "Start from your class",
                "<p>A good project starts from what your pupils are learning anyway. Pick a topic from your "
                "curriculum that gains from a partner abroad: languages, science data, local history.</p>"
                "<ul><li>Keep the first project small: six to eight weeks.</li>"
                "<li>Think of one thing the pupils will make together.</li></ul>",
            ),
            (
                "Find a partner",
                "<p>Publish a project idea in <strong>Partner finding</strong>, or search <em>People</em> "
                "by subject, language and pupils' ages. Write to a teacher before inviting them: agree on "
                "the topic, the language and the calendar.</p>",
            ),
            (
                "Found the project and work in the TwinSpace",
                "<p>Found the project from the <strong>Projects</strong> page and invite your partner. Once "
                "both schools are approved, the TwinSpace opens: pages for the pupils' work, a forum, "
                "materials, and pupils' accounts.</p>",
            ),
        ],
        "questions": [
            ("How long should a first project be?", ["One school year", "Six to eight weeks", "One day"], 1),
            (
                "What should you do before inviting a partner?",
                ["Nothing", "Agree on the topic, language and calendar", "Ask the support service"],
                1,
            ),
            ("When does the TwinSpace open?", ["When the project is approved", "At once", "After a year"], 0),
        ],
    },
    {
        "title": "Safe online collaboration with pupils",
        "summary": "Pupils' accounts, what others can see, and the rules your class agrees on before starting.",
        "language": "en",
        "steps": [
            (
                "Pupils' accounts",
                "<p>Pupils get accounts made by their teacher inside a TwinSpace. They see only that "
                "TwinSpace: no profiles, no messages, no search.</p>",
            ),
            (
                "Class rules",
                "<p>Agree on a few rules with your class before the first exchange:</p>"
                "<ol><li>First names only.</li><li>No addresses or phone numbers.</li>"
                "<li>Ask before posting a photo of someone.</li></ol>",
            ),
        ],
        "questions": [
            ("What can pupils see?", ["Every profile", "Only their TwinSpace", "The whole network"], 1),
            ("Which of these belongs in a pupil's post?", ["A home address", "A first name", "A phone number"], 1),
        ],
    },
    {
        "title": "Evaluar un proyecto con tus alumnos",
        "summary": "Cómo preparar la evaluación desde el principio y con qué herramientas sencillas.",
        "language": "es",
        "steps": [
            (
                "Objetivos claros",
                "<p>Escribe dos o tres objetivos al fundar el proyecto; al final, los alumnos valoran "
                "si los han alcanzado.</p>",
            ),
            (
                "Herramientas sencillas",
                "<p>Un cuestionario corto, un diario de aprendizaje en la TwinSpace y una reunión final "
                "con los socios bastan para una buena evaluación.</p>",
            ),
        ],
        "questions": [
            ("¿Cuándo se preparan los objetivos?", ["Al final", "Al fundar el proyecto", "Nunca"], 1),
            ("¿Quién valora los objetivos al final?", ["Los alumnos", "Nadie", "Solo el director"], 0),
        ],
    },
]

# Courses of Professional development, organised by the central support service:
# (key, kind, title, audience, language, start in days from today, length in days, places,
#  applications open / close in days from today, activities required)
COURSES = [
    (
        "pbl",
        "learning_event",
        "Project-based learning with partners abroad",
        "Teachers of pupils aged 10 to 15 who have run at most one project",
        "en",
        -10,
        28,
        60,
        -40,
        -11,
        3,
    ),
    (
        "inclusion",
        "learning_event",
        "Inclusive projects: every pupil has a part",
        "All teachers, any subject",
        "en",
        -70,
        21,
        50,
        -100,
        -71,
        2,
    ),
    (
        "citizenship",
        "learning_event",
        "Digital citizenship for primary classes",
        "Primary teachers and school librarians",
        "en",
        30,
        21,
        40,
        -5,
        25,
        3,
    ),
    (
        "assessment",
        "learning_event",
        "Assessing collaborative work",
        "Secondary teachers who lead projects",
        "en",
        60,
        28,
        40,
        10,
        50,
        3,
    ),
    (
        "images",
        "online_seminar",
        "Pupils' images and consent",
        "Every teacher who publishes pupils' work",
        "en",
        6,
        0,
        5,
        -20,
        5,
        0,
    ),
    (
        "first",
        "online_seminar",
        "Starting your first project",
        "Teachers new to Twinning",
        "en",
        -20,
        0,
        100,
        -50,
        -21,
        0,
    ),
    (
        "plus",
        "online_seminar",
        "Finding partners beyond the EU",
        "Teachers looking for eTwinning Plus partners",
        "en",
        4,
        0,
        80,
        -30,
        -1,
        0,
    ),
    (
        "steam",
        "online_seminar",
        "Proyectos STEAM con socios europeos",
        "Docentes de ciencias y tecnología",
        "es",
        12,
        0,
        90,
        -3,
        11,
        0,
    ),
]

COURSE_DESCRIPTIONS = {
    "pbl": "Four weeks to plan a project around a real question with a partner class abroad: choosing the question, "
    "sharing the work between the two classes, making something together and showing it.",
    "inclusion": "Three weeks on planning activities where pupils with different needs, languages and strengths all "
    "contribute, with examples from projects of past years.",
    "citizenship": "Three weeks on teaching young pupils to behave well online, to check what they read and to "
    "protect their personal data, with activities to try in class.",
    "assessment": "Four weeks on assessing what pupils learn when they work in international teams: rubrics, "
    "self-assessment and peer feedback.",
    "images": "One hour on publishing pupils' work with pictures safely: consent forms, what to blur, and what the "
    "TwinSpace keeps private.",
    "first": "One hour for teachers new to Twinning: from a partner idea to an approved project.",
    "plus": "One hour on finding partners in the neighbouring countries that take part, and what the eTwinning Plus "
    "setting of a project changes.",
    "steam": "Una hora sobre proyectos de ciencia, tecnología, arte y matemáticas con socios de otros países: "
    "ideas, herramientas y ejemplos.",
}

COURSE_ACTIVITIES = {
    "pbl": [
        (
            1,
            "Introduce yourself and your class",
            "Post a few lines about your school, your pupils and what you hope to learn.",
        ),
        (
            1,
            "Choose a driving question",
            "Propose a question your pupils could answer with a partner class, and comment on two others.",
        ),
        (
            2,
            "Plan the work of two classes",
            "Share a one-page plan: what each class does each week and what they make together.",
        ),
        (3, "Show the result", "Describe how the pupils will present their work, and to whom."),
    ],
    "inclusion": [
        (
            1,
            "An activity where everyone contributes",
            "Describe an activity of a past project and how each pupil took part.",
        ),
        (2, "Adapt it", "Change the activity for a class with pupils who do not read yet, and explain your choices."),
    ],
    "citizenship": [
        (1, "What do your pupils do online?", "Share what your pupils use at home and at school."),
        (2, "Check before you share", "Try the checking activity with your class and tell how it went."),
        (3, "Personal data", "Post a short lesson plan about what pupils should never share."),
    ],
    "assessment": [
        (1, "What do you assess today?", "Describe how you assess group work now."),
        (2, "A rubric for teamwork", "Draft a rubric and ask two participants for feedback."),
        (3, "Peer feedback", "Plan a peer-feedback session between the two partner classes."),
    ],
}
