"""Word lists for the safeguarding detector, kept as data with the reason each exists.

Everything here is plain English, spelt normally: the normaliser folds these lists the
same way it folds messages (lower case, repeated letters collapsed), so "kill" here
matches "kiiill" in a message. Lists are tuples so they cannot be changed at run time.

Who writes to us: parents and carers on web chat, care leavers (about 16-25) on
Telegram, sometimes a child. Darlington is in the North East, so "me mam", "our kid",
"bairn" and "lad"/"lass" are everyday words and are listed.
"""

from __future__ import annotations

# --- normalisation tables ----------------------------------------------------------

AGE_UNITS: dict[str, str] = {
    # "14yr" -> "14 year"; "14yo" -> "14 year old". Ages matter: "my 14 yr old".
    "yr": "year",
    "yrs": "year",
    "yo": "year old",
    "yro": "year old",
    "y": "year",
    "years": "year",
    "year": "year",
}

TEXT_SPEAK: dict[str, str] = {
    # Contractions typed without the apostrophe (the apostrophe is deleted first, so
    # "don't" arrives here as "dont").
    "im": "i am", "ive": "i have", "id": "id", "iam": "i am", "ima": "i am going to",
    "imma": "i am going to", "dont": "do not", "doesnt": "does not", "didnt": "did not",
    "cant": "can not", "cannot": "can not", "cnt": "can not", "wont": "will not",
    "isnt": "is not", "wasnt": "was not", "arent": "are not", "werent": "were not",
    "havent": "have not", "hasnt": "has not", "hadnt": "had not", "wouldnt": "would not",
    "couldnt": "could not", "shouldnt": "should not", "aint": "is not", "dnt": "do not",
    "dint": "did not", "didn": "did not", "doesn": "does not", "hes": "he is",
    "shes": "she is", "theyre": "they are", "youre": "you are", "thats": "that is",
    "theres": "there is", "whats": "what is", "wheres": "where is", "ur": "your",
    "nobodys": "nobody has", "noones": "no one has", "someones": "someone is",
    "somebodys": "somebody is", "youll": "you will", "theyll": "they will",
    "shell": "shell", "itll": "it will", "wholl": "who will",
    "youve": "you have", "theyve": "they have", "weve": "we have",
    "ill": "ill",
    # Text-speak and slang.
    "u": "you", "r": "are", "ya": "you", "yu": "you", "urself": "yourself",
    "wanna": "want to", "wana": "want to", "wannna": "want to", "gonna": "going to",
    "gona": "going to", "gunna": "going to", "finna": "going to", "gotta": "got to",
    "hafta": "have to", "dunno": "do not know", "idk": "i do not know", "lemme": "let me",
    "gimme": "give me", "coz": "because", "cos": "because", "cuz": "because",
    "bc": "because", "bcos": "because", "becuz": "because", "bcoz": "because",
    "n": "and", "nd": "and", "wiv": "with", "wid": "with", "w": "with", "wif": "with",
    "ppl": "people", "peeps": "people", "sum1": "someone", "some1": "someone",
    "sumone": "someone", "any1": "anyone", "no1": "no one", "noone": "no one",
    "every1": "everyone", "2day": "today", "2nite": "tonight", "tonite": "tonight",
    "2moro": "tomorrow", "2morrow": "tomorrow", "b4": "before", "h8": "hate",
    "h8s": "hates", "m8": "mate", "m8s": "mates", "gr8": "great", "l8r": "later",
    "pls": "please", "plz": "please", "plss": "please", "thx": "thanks", "tho": "though",
    "rn": "right now", "atm": "at the moment", "tbh": "to be honest",
    "ngl": "not going to lie", "smth": "something", "sth": "something", "sumthin": "something",
    "nuffin": "nothing", "nothin": "nothing", "nowt": "nothing", "owt": "anything",
    "bout": "about", "abt": "about", "wen": "when", "wot": "what", "wat": "what",
    "dat": "that", "dem": "them", "dis": "this", "da": "da", "luv": "love",
    "anymore": "anymore", "nomore": "no more", "evry": "every", "evryday": "every day",
    "everyday": "every day", "ova": "over", "ovr": "over", "hme": "home", "hom": "home",
    # Self-harm and suicide slang, including "algospeak" used to dodge app filters.
    "kms": "kill myself", "kmss": "kill myself", "kys": "kill yourself",
    "unalive": "unalive", "sewerslide": "suicide", "suicide": "suicide",
    "selfharm": "self harm", "sh": "sh", "ctb": "ctb", "fml": "fml",
    # Relationships.
    "bf": "boyfriend", "boyf": "boyfriend", "bfs": "boyfriends", "gf": "girlfriend",
    "girlf": "girlfriend", "hubby": "husband", "hubs": "husband", "bd": "baby dad",
    "bm": "baby mum", "babydad": "baby dad", "babyfather": "baby father",
    "stepdad": "stepdad", "stepda": "stepdad", "sdad": "stepdad",
    "exbf": "ex boyfriend", "exgf": "ex girlfriend", "expartner": "ex partner",
    "yrs": "year", "yr": "year", "yo": "year old", "yro": "year old",
}  # fmt: skip

MISSPELLINGS: dict[str, str] = {
    # Common misspellings of words the rules depend on, seen in real chat and
    # dyslexic spellings. One-slip typos of long words are caught by the fuzzy step;
    # these are the ones it cannot reach (two or more slips, or short words).
    "sucide": "suicide", "suiside": "suicide", "suacide": "suicide", "sueside": "suicide",
    "suicde": "suicide", "sucidal": "suicidal", "suisidal": "suicidal", "sucicidal": "suicidal",
    "suicidle": "suicidal", "sewer": "sewer", "mysef": "myself", "myslef": "myself",
    "meself": "myself", "miself": "myself", "mysel": "myself", "maself": "myself",
    "meslef": "myself", "herslef": "herself", "himslef": "himself",
    "scard": "scared", "skared": "scared", "scaird": "scared", "scered": "scared",
    "scarred": "scared", "frighend": "frightened", "frightend": "frightened",
    "afriad": "afraid", "afrade": "afraid", "terified": "terrified",
    "hurst": "hurts", "hurtin": "hurting", "hittin": "hitting", "hitin": "hitting",
    "beatin": "beating", "kickin": "kicking", "punchin": "punching", "slappin": "slapping",
    "touchin": "touching", "touchs": "touches", "tuches": "touches", "tuched": "touched",
    "tuch": "touch", "toched": "touched", "touchd": "touched",
    "abuseing": "abusing", "abusd": "abused", "abussed": "abused", "abuesd": "abused",
    "abuzed": "abused", "abuse": "abuse", "neglet": "neglect", "niglect": "neglect",
    "negelect": "neglect", "negelcted": "neglected", "hungery": "hungry", "hungy": "hungry",
    "bruses": "bruises", "brusies": "bruises", "bruzes": "bruises", "bruisses": "bruises",
    "threaten": "threaten", "thretened": "threatened", "thretend": "threatened",
    "threatend": "threatened", "thretning": "threatening", "threatnin": "threatening",
    "threatning": "threatening", "stranggled": "strangled", "strangeled": "strangled",
    "chocked": "choked", "choaked": "choked", "choaking": "choking", "chokin": "choking",
    "raype": "rape", "rapeed": "raped", "molestd": "molested", "molessted": "molested",
    "bullyed": "bullied", "bulied": "bullied", "bullyd": "bullied", "bulling": "bullying",
    "bullyin": "bullying", "bulying": "bullying",
    "stepdadd": "stepdad", "stepdaad": "stepdad", "setpdad": "stepdad",
    "boyfreind": "boyfriend", "boyfrend": "boyfriend", "boyfirend": "boyfriend",
    "girlfreind": "girlfriend", "freind": "friend", "freinds": "friends",
    "parnter": "partner", "patner": "partner", "husbund": "husband",
    "drunck": "drunk", "drunkk": "drunk", "drugz": "drugs",
    "overdoes": "overdose", "overdosed": "overdosed", "ovedose": "overdose",
    "pils": "pills", "tablits": "tablets", "tabs": "tablets",
    "anymor": "anymore", "enymore": "anymore", "hurtz": "hurts", "hitz": "hits",
    "nomore": "no more", "livin": "living", "alive": "alive", "dieing": "dying",
    "dyin": "dying", "killin": "killing", "kil": "kill", "kilin": "killing", "kild": "killed",
    "wrists": "wrists", "wirsts": "wrists", "exploted": "exploited",
    "groomd": "groomed", "missin": "missing", "mising": "missing",
    "ranaway": "ran away", "runaway": "run away", "cuming": "coming", "comming": "coming",
    "hom": "home", "hoem": "home", "skool": "school", "scool": "school",
}  # fmt: skip

CANONICAL_WORDS: dict[str, str] = {
    # One spelling per family word so rules list each relationship once.
    "mam": "mum", "mom": "mum", "mommy": "mum", "mummy": "mum", "mammy": "mum",
    "mother": "mum", "mama": "mum", "mamma": "mum", "momma": "mum", "mumma": "mum",
    "mams": "mums", "moms": "mums", "mothers": "mums", "mummys": "mums", "mammys": "mums",
    "daddy": "dad", "father": "dad", "dada": "dad", "papa": "dad", "fathers": "dads",
    "daddys": "dads", "stepfather": "stepdad", "stepdaddy": "stepdad",
    "stepmother": "stepmum", "stepmom": "stepmum", "stepmam": "stepmum",
    "nana": "nan", "nanna": "nan", "gran": "nan", "granny": "nan", "grandma": "nan",
    "grandmother": "nan", "nanny": "nan", "grandpa": "grandad", "granddad": "grandad",
    "grandfather": "grandad", "grampa": "grandad", "gramps": "grandad",
    "bairn": "child", "bairns": "children", "kiddo": "kid", "kiddies": "kids",
    "kiddos": "kids", "childs": "childs", "bro": "brother", "sis": "sister",
    "bruv": "brother", "fella": "fella", "feller": "fella", "fiancee": "fiance",
    "fiancé": "fiance", "husbands": "husbands", "hes": "he is",
}  # fmt: skip

PHRASE_MERGES: dict[str, str] = {
    # Split or hyphenated compounds ("step-dad" arrives as "step dad").
    "step dad": "stepdad", "step father": "stepdad", "step daddy": "stepdad",
    "step mum": "stepmum", "step mother": "stepmum", "step mom": "stepmum",
    "step mam": "stepmum", "step son": "stepson", "step daughter": "stepdaughter",
    "step brother": "stepbrother", "step sister": "stepsister",
    "boy friend": "boyfriend", "girl friend": "girlfriend", "some one": "someone",
    "some body": "somebody", "my self": "myself", "me self": "myself", "him self": "himself",
    "her self": "herself", "your self": "yourself", "them selves": "themselves",
    "them self": "themself", "our selves": "ourselves", "self harm": "self harm",
    "self harming": "self harming", "any more": "anymore", "no one": "no one",
    "year olds": "year old", "year old": "year old", "year s old": "year old",
    "y o": "year old", "yr old": "year old", "over dose": "overdose",
    "over dosed": "overdosed", "sewer slide": "suicide", "un alive": "unalive",
    "will not to": "want to", "wont to": "want to", "cut my self": "cut myself",
    "kill my self": "kill myself", "baby daddy": "baby dad", "babys dad": "baby dad",
    "babies dad": "baby dad", "kids dad": "kids dad", "foster mum": "foster mum",
    "grand dad": "grandad", "grand ma": "nan", "ex boy friend": "ex boyfriend",
    "cant": "can not", "can t": "can not", "don t": "do not", "i m": "i am",
    "i ill": "i will", "i il": "i will", "won t": "will not", "didn t": "did not",
    "hasn t": "has not", "haven t": "have not",
}  # fmt: skip

DIGIT_WORDS: dict[str, str] = {"2": "to", "4": "for"}
DIGIT_WORD_CONTEXT: dict[str, tuple[str, ...]] = {
    # "2" reads as "to" only after these words: "want 2 die", "going 2 kill", "makes me
    # 2 carry". After "my" or before "kids" it stays a number ("my 2 kids").
    "2": (
        "want", "wants", "wanted", "going", "like", "have", "has", "had", "need", "needs",
        "tried", "trying", "try", "me", "him", "her", "them", "us", "used", "able",
        "supposed", "got", "ready", "scared", "afraid", "told", "tells", "asked", "asks",
        "makes", "made", "forced", "forces", "wish", "ought", "listen", "talk", "speak",
        "come", "go", "went", "back", "home", "way", "due", "seem", "seems", "too",
    ),
    # "4" is "for" after words like "money 4 carrying", "paid 4", "waiting 4".
    "4": (
        "money", "cash", "stuff", "things", "paid", "pays", "pay", "waiting", "wait",
        "looking", "asked", "asking", "it", "him", "her", "them", "me", "us", "this",
        "that", "sorry", "thanks", "work", "working", "drugs", "out", "up", "ready",
    ),
}  # fmt: skip

I_WILL_BEFORE: tuple[str, ...] = (
    # "ill" means "I'll" (not "unwell") before these: "ill be gone", "ill end it".
    "be", "go", "do", "have", "kill", "end", "never", "just", "try", "get", "make", "take",
    "tell", "probably", "not", "die", "jump", "hurt", "cut", "run", "leave", "stop", "say",
    "always", "only", "sleep", "disappear", "finish",
)  # fmt: skip

POSSESSIVE_ME_BEFORE: tuple[str, ...] = (
    # "me"/"ma" means "my" before these ("me mam", "me da", "ma wee brother").
    "mum", "mam", "mom", "mother", "dad", "da", "father", "stepdad", "stepmum", "nan",
    "grandad", "brother", "sister", "bro", "sis", "bairn", "bairns", "child", "children",
    "kids", "kid", "son", "daughter", "lad", "lass", "boyfriend", "girlfriend", "partner",
    "fella", "husband", "wife", "uncle", "auntie", "aunt", "cousin", "little", "big",
    "baby", "mums", "dads", "wee", "family", "parents", "ex", "mates", "mate",
)  # fmt: skip

# --- fuzzy matching ------------------------------------------------------------------

FUZZY_TARGETS: tuple[str, ...] = (
    # Distinctive long words whose misspelling should not cost a disclosure. A token one
    # slip away (delete, insert, substitute, swap) from one of these is read as it,
    # unless it is a real word in FUZZY_BLOCK. Short common verbs ("hit", "slap",
    # "kicked") are deliberately absent: one slip from them is another real word
    # ("picked", "slipped", "shared").
    "suicide", "suicidal", "myself", "herself", "himself", "themselves", "yourself",
    "boyfriend", "girlfriend", "stepdad", "stepmum", "threatened", "threatening",
    "threatens", "strangled", "strangling", "strangles", "strangle", "neglected",
    "neglecting", "neglect", "overdose", "overdosed", "molested", "molesting", "sexually",
    "abused", "abusing", "abusive", "grooming", "groomed", "trafficked", "exploited",
    "exploiting", "exploitation", "frightened", "terrified", "bruises", "touching",
    "touches", "touched", "punched", "punching", "battered", "beating", "hitting",
    "hurting", "bullied", "bullying", "scared", "violent", "violence", "domestic",
    "paracetamol", "anymore", "partner", "husband", "assaulted", "attacked", "bleeding",
    "choking", "throttled", "slapped", "kicking", "cutting", "harming", "starving",
)  # fmt: skip

FUZZY_BLOCK: tuple[str, ...] = (
    # Real English words one slip away from a FUZZY_TARGET, which must never be
    # "corrected" into a risk word ("asked" -> "naked", "shared" -> "scared", "strangers"
    # -> "strangle"). Generated from a British English word list (wbritish-large) by
    # ``python -m tests.safety.gen_fuzzy_block``; regenerate when FUZZY_TARGETS changes.
    "abased", "abasing", "abating", "abesive", "abeting", "abuse", "abuser", "abuses", "abuted",
    "abuting",
    "acting", "acused", "acusing", "aerified", "altered", "alusive", "amused", "amusing", "arming",
    "armings",
    "asaulter", "asexual", "asexualy", "atached", "atacker", "baiting", "balding", "bantered",
    "banting", "bartered",
    "basting", "batened", "baterer", "bathing", "bating", "batings", "batling", "batwing",
    "beading", "beaming",
    "beaning", "bearing", "beatings", "beding", "bedings", "belied", "belting", "belying",
    "bending", "berating",
    "besting", "betered", "beting", "betling", "biting", "blading", "blating", "bleating",
    "bledings", "blending",
    "bleping", "blesing", "bloding", "blueing", "boating", "boused", "bousing", "boyfriends",
    "braises", "breding",
    "brightened", "bruise", "bruised", "bruiser", "bruisers", "brusels", "brushes", "bubled",
    "bubling", "bugled",
    "bugling", "buled", "bulged", "bulging", "bulies", "buling", "bulked", "bulking", "bulring",
    "bunched",
    "bunching", "buoying", "buried", "burled", "burying", "bused", "bushed", "bushing", "busied",
    "busing",
    "busings", "busked", "busking", "busted", "busting", "busying", "butered", "buting", "buying",
    "carded",
    "cared", "caried", "carked", "carped", "carted", "carved", "catered", "cating", "caused",
    "causing",
    "chared", "charing", "charmin", "charming", "cheking", "chitin", "chocking", "choping",
    "chosing", "chowing",
    "churing", "citing", "claped", "cluing", "cocking", "coking", "cokings", "conking", "corking",
    "couched",
    "couches", "couching", "croking", "cruises", "cubing", "cueing", "cufing", "cuing", "culing",
    "cuming",
    "cuning", "cuping", "curing", "curtin", "cusing", "cutin", "cutings", "domestics", "douched",
    "douches",
    "douching", "easting", "eating", "eatings", "echoing", "elating", "estrange", "estranged",
    "estranges", "estranging",
    "exploitations", "exploiter", "farming", "fiting", "flaped", "girlfriends", "glomed",
    "gloming", "grimed", "griming",
    "groked", "groking", "gromer", "gromet", "gromings", "groped", "groping", "grosed", "grosing",
    "groved",
    "groving", "growing", "guting", "haming", "harding", "haring", "harking", "harping", "harying",
    "hating",
    "hearing", "heating", "hershel", "hiding", "hieing", "hiking", "hinting", "hiping", "hiring",
    "hising",
    "hiving", "hocking", "hoking", "honking", "hoting", "hunched", "hunching", "hunting",
    "hurling", "hurtling",
    "hurying", "husbands", "juting", "kinking", "kiting", "laped", "lapsed", "leading", "leaped",
    "lending",
    "licking", "lunched", "lunching", "luting", "mabuse", "matered", "molester", "munched",
    "munching", "muting",
    "natered", "neglecter", "neglects", "nicking", "nuting", "ourself", "outing", "overdoes",
    "overdone", "paracetamols",
    "pardner", "partere", "partners", "patered", "paused", "pausing", "picking", "pinched",
    "pinching", "piting",
    "pouched", "pouches", "pouching", "pounced", "pouncing", "puncher", "punches", "puting",
    "ricking", "roamed",
    "roaming", "romed", "roming", "romped", "romping", "ruting", "sacred", "saped", "scabed",
    "scaged",
    "scaled", "scamed", "scaned", "scarce", "scare", "scares", "scarfed", "scarped", "scated",
    "scored",
    "scred", "screds", "seared", "seating", "sexual", "shaming", "shaped", "shared", "sharing",
    "shiting",
    "shuting", "sicking", "siting", "slabed", "slaged", "slaked", "slamed", "slaper", "slated",
    "slaved",
    "slayed", "sleding", "sliped", "sloped", "snaped", "snared", "soaped", "soared", "spared",
    "stacked",
    "stared", "staring", "starling", "starting", "starvings", "staving", "stepdads", "stepmom",
    "stragle", "stragled",
    "stragler", "straglers", "stragles", "stragling", "strange", "stranger", "strangers",
    "strangest", "stranglers", "striving",
    "suicidaly", "suicides", "sulied", "sulying", "swaped", "tabued", "tabuing", "tacked",
    "tackled", "tatered",
    "terifies", "threaten", "throated", "throstle", "throtle", "throtler", "throtles", "ticking",
    "torched", "torches",
    "torching", "touchings", "touchs", "toughed", "toughing", "tracked", "traficker", "triangle",
    "triangles", "troches",
    "tuting", "unelected", "verified", "violences", "violet", "violets", "vouched", "vouches",
    "vouching", "warming",
    "watered", "whaming", "whiting", "witing",
)  # fmt: skip

# --- people ------------------------------------------------------------------------

DETERMINERS: tuple[str, ...] = (
    "my", "our", "his", "her", "their", "your", "the", "a", "an", "this", "that", "some",
    "these", "those", "one", "one of", "one of my", "one of the", "one of his", "one of her",
    "mums", "dads", "my mums", "my dads", "her mums", "his mums", "my sisters", "my brothers",
    "my friends", "her friends", "his friends", "the other",
)  # fmt: skip

ADJECTIVES: tuple[str, ...] = (
    # Words that may sit between a determiner and a person noun.
    "new", "old", "older", "big", "little", "young", "younger", "other", "same", "two",
    "three", "some", "real", "birth", "foster", "ex", "current", "nasty", "drunk",
    "creepy", "weird", "grown", "adult", "eldest", "oldest", "youngest", "middle",
)  # fmt: skip

PARENT_NOUNS: tuple[str, ...] = (
    # Adults in a child's home (after canonical folding: mam/mom/mother -> mum).
    "mum", "dad", "da", "stepdad", "stepmum", "parent", "parents", "carer", "carers",
    "foster carer", "foster carers", "foster mum", "foster dad", "guardian", "nan",
    "grandad", "grandparents", "uncle", "aunt", "auntie", "aunty", "godfather",
    "stepparent", "step parent", "mums boyfriend", "mums partner", "mums fella",
    "mums husband", "mums man", "mums new man", "mums new boyfriend", "mums new partner",
    "mums mate", "mums friend", "mums ex", "dads girlfriend", "dads partner", "dads wife",
    "dads mate", "dads friend", "dads new partner", "nans boyfriend", "nans partner",
    "mums boyfriends", "mums brother", "dads brother", "family friend",
)  # fmt: skip

PARTNER_NOUNS: tuple[str, ...] = (
    # A partner or ex of the person writing: violence from them is domestic abuse.
    "partner", "husband", "wife", "boyfriend", "girlfriend", "fiance", "ex",
    "ex partner", "ex husband", "ex wife", "ex boyfriend", "ex girlfriend", "fella",
    "other half", "baby dad", "baby mum", "baby father", "baby daddy", "kids dad",
    "childrens dad", "sons dad", "daughters dad", "kids father", "man", "lad", "bloke",
    "missus", "misses", "wifey", "partners",
)  # fmt: skip

SIBLING_NOUNS: tuple[str, ...] = (
    "brother", "sister", "brothers", "sisters", "stepbrother", "stepsister",
    "half brother", "half sister", "cousin", "cousins", "kid", "big brother",
    "big sister", "older brother", "older sister", "siblings",
)  # fmt: skip

OTHER_ADULT_NOUNS: tuple[str, ...] = (
    # Adults outside the home who may harm or exploit a child or young person.
    "teacher", "teachers", "coach", "neighbour", "neighbours", "landlord", "lodger",
    "flatmate", "housemate", "key worker", "support worker", "social worker",
    "youth worker", "staff", "manager", "boss", "priest", "vicar", "imam", "tutor",
    "babysitter", "childminder", "instructor", "driver", "taxi driver", "friend", "friends",
    "mate", "mates", "man", "men", "guy", "guys", "bloke", "blokes", "lad", "lads",
    "woman", "women", "lady", "person", "people", "stranger", "strangers", "gang",
    "dealer", "dealers", "adult", "adults", "someone", "somebody", "group", "lot",
    "boys", "girls", "kids", "pupils", "students", "classmates", "year 11s", "others",
)  # fmt: skip

CHILD_NOUNS: tuple[str, ...] = (
    # A child or young person someone may be writing about.
    "son", "sons", "daughter", "daughters", "child", "children", "kid", "kids", "baby",
    "babies", "boy", "boys", "girl", "girls", "lad", "lass", "little one", "little ones",
    "youngest", "eldest", "oldest", "middle one", "twins", "toddler", "teen", "teenager",
    "teenagers", "stepson", "stepdaughter", "grandson", "granddaughter", "grandchild",
    "grandchildren", "grandkids", "nephew", "niece", "brother", "sister", "brothers",
    "sisters", "siblings", "little brother", "little sister", "baby brother",
    "baby sister", "younger brother", "younger sister", "foster child", "foster son",
    "foster daughter", "young person", "boy", "friend", "best friend", "mate",
)  # fmt: skip

YOUNG_CHILD_ACTORS: tuple[str, ...] = (
    # A toddler hitting or biting a parent is ordinary behaviour advice, not a
    # safeguarding disclosure: these never count as the person doing harm.
    "toddler", "toddlers", "baby", "babies", "little one", "little ones", "infant",
    "newborn", "one year old", "two year old", "three year old", "four year old",
    "1 year old", "2 year old", "3 year old", "4 year old", "18 month old",
)  # fmt: skip

# After "her", these words show it is the object of a verb ("he hit her again"), not
# a possessive ("she hit her head"). A possessive with a body part is an accident.
HER_OBJECT_FOLLOWERS: tuple[str, ...] = (
    "again", "and", "so", "because", "when", "if", "too", "now", "every", "all", "at",
    "in", "on", "with", "then", "but", "a", "badly", "hard", "like", "or", "until",
    "till", "for", "he", "she", "i", "they", "we", "the", "that", "this", "whenever",
    "daily", "sometimes", "always", "constantly", "to", "up", "about", "around",
    "round", "down", "over", "out", "off", "lots", "loads", "really", "last", "yesterday",
    "today", "tonight", "again", "infront", "in front", "before", "after", "while",
    "whilst", "cos", "because", "till", "is", "was", "has", "have", "mum", "my", "me",
    "too", "more", "once", "twice", "behind", "until", "unless", "as", "by",
)  # fmt: skip

INTIMATE_PARTS: tuple[str, ...] = (
    "private", "privates", "private parts", "bum", "bottom", "boobs", "breasts", "chest",
    "willy", "penis", "vagina", "fanny", "front bottom", "body", "legs", "thigh",
    "thighs", "crotch", "genitals", "parts", "tits", "balls", "down there", "knickers",
    "underwear", "pants", "bits",
)  # fmt: skip

BODY_PARTS: tuple[str, ...] = (
    # For the "hurt his knee" / "hit her head" look-alikes.
    "head", "knee", "knees", "leg", "legs", "arm", "arms", "hand", "hands", "finger",
    "fingers", "toe", "toes", "foot", "feet", "ankle", "ankles", "wrist", "wrists",
    "elbow", "shoulder", "back", "neck", "nose", "lip", "lips", "tooth", "teeth", "eye",
    "eyes", "ear", "ears", "chin", "face", "forehead", "hip", "knuckles", "shin",
    "thumb", "ribs", "side", "tummy", "stomach",
)  # fmt: skip

__all__ = [
    "ADJECTIVES",
    "AGE_UNITS",
    "BODY_PARTS",
    "CANONICAL_WORDS",
    "CHILD_NOUNS",
    "DETERMINERS",
    "DIGIT_WORDS",
    "DIGIT_WORD_CONTEXT",
    "FUZZY_BLOCK",
    "FUZZY_TARGETS",
    "HER_OBJECT_FOLLOWERS",
    "INTIMATE_PARTS",
    "MISSPELLINGS",
    "OTHER_ADULT_NOUNS",
    "PARENT_NOUNS",
    "PARTNER_NOUNS",
    "PHRASE_MERGES",
    "POSSESSIVE_ME_BEFORE",
    "SIBLING_NOUNS",
    "TEXT_SPEAK",
    "TEXT_SPEAK",
    "YOUNG_CHILD_ACTORS",
]
