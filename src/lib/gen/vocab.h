/*
 * vocab.h: the word lists the sample generator writes posts from: topic communities in English
 * and French, sentence templates, names and replies. Data for the generator only.
 */
#ifndef CLOUT_LIB_GEN_VOCAB_H
#define CLOUT_LIB_GEN_VOCAB_H

#define GEN_TOPICS 10
#define GEN_WORDS 16

typedef struct gen_topic {
	const char *name;
	const char *en[GEN_WORDS];
	const char *fr[GEN_WORDS];
	const char *tags_en[3];
	const char *tags_fr[3];
	const char *handle_word;
} gen_topic;

static const gen_topic gen_topics[GEN_TOPICS] = {
	{ "home cooking",
		{ "home cooking", "a new recipe", "the kitchen", "dinner", "homemade bread", "fresh pasta", "tomato sauce",
			"a sharp chef's knife", "the oven", "leek soup", "garlic", "a slow roast", "my cast iron pan",
			"meal prep", "spices", "pizza dough" },
		{ "la cuisine maison", "une nouvelle recette", "la cuisine", "le dîner", "du pain maison", "des pâtes fraîches",
			"une sauce tomate", "un couteau de chef bien aiguisé", "le four", "une soupe de poireaux", "l'ail",
			"un rôti", "ma poêle en fonte", "le batch cooking", "les épices", "une pâte à pizza" },
		{ "#HomeCooking", "#recipe", "#foodie" }, { "#cuisinemaison", "#recette", "#faitmaison" }, "cooks" },
	{ "fitness",
		{ "my workout", "the gym", "strength training", "a morning run", "squats", "protein", "cardio", "yoga",
			"stretching", "marathon training", "my coach", "leg day", "deadlifts", "recovery", "HIIT", "mobility" },
		{ "mon entraînement", "la salle", "la musculation", "un footing matinal", "les squats", "les protéines",
			"le cardio", "le yoga", "les étirements", "la prépa marathon", "mon coach", "la séance jambes",
			"le soulevé de terre", "la récupération", "le fractionné", "la mobilité" },
		{ "#fitness", "#workout", "#gymlife" }, { "#sport", "#musculation", "#running" }, "fit" },
	{ "travel",
		{ "this trip", "a cheap flight", "the beach", "a tiny hotel", "island hopping", "a mountain hike",
			"my backpack", "the old town", "sunset", "a road trip", "the museum", "street food", "a night train",
			"the coast", "a hidden lake", "travel tips" },
		{ "ce voyage", "un vol pas cher", "la plage", "un petit hôtel", "les îles", "une randonnée en montagne",
			"mon sac à dos", "la vieille ville", "le coucher de soleil", "un road trip", "le musée",
			"la street food", "un train de nuit", "la côte", "un lac caché", "des conseils de voyage" },
		{ "#travel", "#wanderlust", "#travelgram" }, { "#voyage", "#vacances", "#evasion" }, "travels" },
	{ "tech",
		{ "the new smartphone", "my laptop", "this app", "clean code", "open source software", "AI tools",
			"a startup", "a gadget review", "battery life", "the camera", "the latest update", "developer tools",
			"a mechanical keyboard", "home automation", "privacy settings", "cloud storage" },
		{ "le nouveau smartphone", "mon ordinateur portable", "cette application", "un code propre",
			"les logiciels libres", "les outils d'IA", "une startup", "le test d'un gadget", "l'autonomie",
			"l'appareil photo", "la dernière mise à jour", "les outils de développement", "un clavier mécanique",
			"la domotique", "les réglages de confidentialité", "le stockage en ligne" },
		{ "#tech", "#gadgets", "#coding" }, { "#tech", "#numerique", "#innovation" }, "tech" },
	{ "fashion",
		{ "today's outfit", "a summer dress", "street style", "new sneakers", "vintage finds", "a denim jacket",
			"the runway", "a young designer", "capsule wardrobe", "thrifting", "tailoring", "the fall collection",
			"linen shirts", "accessories", "a leather bag", "sustainable fashion" },
		{ "la tenue du jour", "une robe d'été", "le street style", "des baskets neuves", "des trouvailles vintage",
			"une veste en jean", "le défilé", "un jeune créateur", "la garde-robe capsule", "la seconde main",
			"les retouches", "la collection d'automne", "les chemises en lin", "les accessoires",
			"un sac en cuir", "la mode durable" },
		{ "#fashion", "#ootd", "#style" }, { "#mode", "#tenuedujour", "#style" }, "style" },
	{ "beauty",
		{ "my skincare routine", "this serum", "a new lipstick", "moisturizer", "sunscreen", "the glow",
			"foundation", "mascara", "a fragrance", "clean beauty", "acne care", "night cream", "hair care",
			"nail art", "makeup brushes", "a face mask" },
		{ "ma routine soin", "ce sérum", "un nouveau rouge à lèvres", "la crème hydratante", "la crème solaire",
			"l'éclat", "le fond de teint", "le mascara", "un parfum", "la beauté clean", "les soins anti-acné",
			"la crème de nuit", "les soins cheveux", "le nail art", "les pinceaux de maquillage", "un masque visage" },
		{ "#skincare", "#makeup", "#beauty" }, { "#beaute", "#maquillage", "#soin" }, "glow" },
	{ "gaming",
		{ "this game", "my stream", "the new console", "the final boss", "a speedrun", "multiplayer", "esports",
			"my controller", "an indie game", "the patch notes", "ranked matches", "a retro game", "co-op mode",
			"the open world", "game design", "a boss fight" },
		{ "ce jeu", "mon stream", "la nouvelle console", "le boss final", "un speedrun", "le multijoueur",
			"l'esport", "ma manette", "un jeu indé", "les notes de patch", "les parties classées",
			"un jeu rétro", "le mode coop", "le monde ouvert", "le game design", "un combat de boss" },
		{ "#gaming", "#gamer", "#twitch" }, { "#jeuxvideo", "#gaming", "#stream" }, "plays" },
	{ "personal finance",
		{ "investing", "index funds", "my budget", "an emergency fund", "dividends", "my portfolio",
			"retirement savings", "the stock market", "inflation", "compound interest", "side income", "debt payoff",
			"real estate", "crypto", "frugal living", "tax season" },
		{ "l'investissement", "les ETF", "mon budget", "une épargne de précaution", "les dividendes",
			"mon portefeuille", "l'épargne retraite", "la bourse", "l'inflation", "les intérêts composés",
			"un revenu complémentaire", "le remboursement de dettes", "l'immobilier", "la crypto",
			"la vie frugale", "la déclaration d'impôts" },
		{ "#personalfinance", "#investing", "#money" }, { "#financespersonnelles", "#bourse", "#epargne" }, "money" },
	{ "parenting",
		{ "the kids", "our baby", "toddler tantrums", "family time", "school mornings", "bedtime stories",
			"parenting", "screen time", "the playground", "homework", "family dinner", "potty training",
			"a rainy day craft", "sibling fights", "lunch boxes", "the school run" },
		{ "les enfants", "notre bébé", "les colères du petit", "le temps en famille", "les matins d'école",
			"les histoires du soir", "la parentalité", "les écrans", "le parc", "les devoirs", "le repas en famille",
			"l'apprentissage du pot", "un bricolage un jour de pluie", "les disputes entre frères",
			"les boîtes à goûter", "le trajet de l'école" },
		{ "#parenting", "#momlife", "#familytime" }, { "#parentalite", "#famille", "#mamanblogueuse" }, "family" },
	{ "gardening",
		{ "the garden", "my houseplants", "compost", "seeds", "the harvest", "tomatoes", "flowers", "the greenhouse",
			"healthy soil", "pruning", "raised beds", "the vegetable patch", "herbs", "watering", "mulch", "roses" },
		{ "le jardin", "mes plantes d'intérieur", "le compost", "les graines", "la récolte", "les tomates",
			"les fleurs", "la serre", "une terre vivante", "la taille", "les carrés potagers", "le potager",
			"les aromatiques", "l'arrosage", "le paillage", "les rosiers" },
		{ "#gardening", "#plants", "#growyourown" }, { "#jardinage", "#potager", "#plantes" }, "grows" },
};

static const char *const gen_templates_en[] = {
	"Just tried %s with %s, honestly so good!",
	"My take on %s: start with %s and keep it simple.",
	"Can't stop thinking about %s and %s today",
	"Quick tip for anyone into %s: %s makes all the difference.",
	"Sunday vibes: %s, %s and a lot of coffee",
	"New video is up! All about %s and %s",
	"Not gonna lie, %s was harder than I thought. %s helped though",
	"Three things I love right now: %s, %s and %s",
	"What do you think about %s? I keep coming back to %s.",
	"Week recap: %s, a bit of %s, and %s to finish",
};
#define GEN_TEMPLATES_EN (sizeof(gen_templates_en) / sizeof(gen_templates_en[0]))

static const char *const gen_templates_fr[] = {
	"Je viens de tester %s avec %s, franchement trop bien !",
	"Mon conseil pour %s : commencer par %s et rester simple.",
	"Impossible d'arrêter de penser à %s et %s aujourd'hui",
	"Petite astuce pour les fans de %s : %s change tout.",
	"Ambiance dimanche : %s, %s et beaucoup de café",
	"Nouvelle vidéo en ligne ! Tout sur %s et %s",
	"Honnêtement, %s c'était plus dur que prévu. %s m'a bien aidé",
	"Trois choses que j'adore en ce moment : %s, %s et %s",
	"Vous en pensez quoi, de %s ? Je reviens toujours à %s.",
	"Bilan de la semaine : %s, un peu de %s, et %s pour finir",
};
#define GEN_TEMPLATES_FR (sizeof(gen_templates_fr) / sizeof(gen_templates_fr[0]))

static const char *const gen_offtopic_en[] = {
	"Good morning everyone, have a great day", "What a week. Time to rest.",
	"Thank you all for the support, it means a lot", "Coffee first, then everything else",
	"Rainy day, perfect for staying in", "Can't believe it's already Friday",
	"Really disappointed with the delivery today, never again", "Worst customer service I've had in years",
};
static const char *const gen_offtopic_fr[] = {
	"Bonjour à tous, belle journée", "Quelle semaine. Repos bien mérité.",
	"Merci à tous pour votre soutien, ça me touche", "Un café d'abord, le reste ensuite",
	"Journée pluvieuse, parfaite pour rester au chaud", "Déjà vendredi, incroyable",
	"Vraiment déçue par la livraison aujourd'hui, plus jamais", "Le pire service client depuis des années",
};
#define GEN_OFFTOPIC 8

static const char *const gen_replies_en[] = {
	"Thank you so much!", "Glad you liked it :)", "Yes, exactly!", "Good question, I'll do a video on it",
	"Haha true", "Thanks for watching!",
};
static const char *const gen_replies_fr[] = {
	"Merci beaucoup !", "Contente que ça te plaise :)", "Oui, exactement !", "Bonne question, je ferai une vidéo",
	"Haha c'est vrai", "Merci d'avoir regardé !",
};
#define GEN_REPLIES 6

static const char *const gen_names_en[] = { "anna", "ben", "chloe", "dan", "emma", "finn", "grace", "harry",
	"isla", "jack", "kate", "leo", "mia", "noah", "olivia", "paul", "ruby", "sam", "tess", "will" };
static const char *const gen_names_fr[] = { "amelie", "bastien", "camille", "damien", "elise", "florian",
	"gaelle", "hugo", "ines", "julien", "lea", "mathis", "nina", "oscar", "pauline", "quentin", "romane",
	"theo", "victor", "zoe" };
#define GEN_NAMES 20

static const char *const gen_emoji[] = { " 😍", " 🔥", " 🙌", " ✨", " 😂", " 👏🏽", " ❤️", "" };
#define GEN_EMOJI 8

#endif
