//! English vocabulary.

use super::{LanguageVocab, NicheVocab, UiWords};

#[rustfmt::skip]
pub(super) const VOCAB: LanguageVocab = LanguageVocab {
    niches: [
        // fitness
        NicheVocab {
            roles: &["personal trainer", "strength coach", "fitness coach", "gym rat", "hybrid athlete"],
            words: &[
                "squats", "deadlifts", "leg day", "protein", "macros", "cardio", "HIIT", "kettlebell",
                "dumbbells", "barbell", "workout", "mobility", "warm-up", "core", "glutes", "reps",
                "personal record", "pre-workout", "bench press", "pull-ups", "stretching", "recovery",
                "meal prep", "resistance bands", "home workout", "healthy habits",
            ],
            phrases: &[
                "leg day done", "new PR on the deadlift", "no excuses this week", "5am gym crew checking in",
                "progress over perfection", "form check on my squat", "full body burn in 30 minutes",
                "rest days matter too", "sweat now, shine later", "trust the process",
                "consistency beats intensity",
            ],
            hashtags: &["gymlife", "legday", "fitfam", "workoutmotivation", "fitnessjourney", "gains"],
        },
        // beauty
        NicheVocab {
            roles: &[
                "makeup artist", "skincare nerd", "beauty creator", "licensed esthetician", "nail artist",
            ],
            words: &[
                "skincare routine", "serum", "moisturizer", "sunscreen", "foundation", "concealer",
                "lipstick", "mascara", "eyeliner", "blush", "highlighter", "retinol", "hyaluronic acid",
                "glass skin", "nail art", "gel nails", "brows", "lashes", "dewy finish", "makeup bag",
                "cleanser", "self care", "toner", "palette",
            ],
            phrases: &[
                "get ready with me", "5-minute makeup look", "my holy grail serum",
                "skin is finally clearing up", "no-makeup makeup look", "swatches of every shade",
                "new favourite lip combo", "double cleanse every night", "SPF every single day",
                "empties of the month", "makeup that survives a heatwave",
            ],
            hashtags: &[
                "grwm", "skincareroutine", "makeuplover", "beautyblogger", "motd", "nailsofinstagram",
            ],
        },
        // fashion
        NicheVocab {
            roles: &["stylist", "fashion creator", "personal shopper", "vintage lover", "fashion student"],
            words: &[
                "outfit", "blazer", "denim", "sneakers", "trench coat", "capsule wardrobe", "midi dress",
                "knitwear", "boots", "handbag", "accessories", "street style", "tailoring", "linen shirt",
                "wide-leg trousers", "thrift haul", "vintage finds", "layering", "colour palette",
                "silhouette", "lookbook", "wardrobe", "fit check",
            ],
            phrases: &[
                "outfit of the day", "three ways to style one blazer", "fit check before brunch",
                "my autumn capsule wardrobe", "styling basics for work", "the perfect white sneaker",
                "thrift haul try-on", "what I wore this week", "neutral tones all day",
                "one dress, five looks", "dressing for the weather, finally",
            ],
            hashtags: &["ootdfashion", "whatiwore", "styleinspo", "fashionista", "outfitinspo", "fitcheck"],
        },
        // food
        NicheVocab {
            roles: &["home cook", "recipe developer", "food blogger", "baker", "private chef"],
            words: &[
                "recipe", "sourdough", "pasta", "meal prep", "protein", "brunch", "ramen", "tacos", "curry",
                "salad", "dessert", "banana bread", "olive oil", "garlic", "cast iron", "street food",
                "local market", "spices", "chocolate cake", "smoothie bowl", "lunchbox", "weeknight dinner",
                "air fryer", "leftovers", "healthy bowls",
            ],
            phrases: &[
                "dinner ready in 20 minutes", "recipe in the comments", "my grandma's secret sauce",
                "baking therapy on a Sunday", "one-pan dinner for busy nights", "the crispiest potatoes ever",
                "homemade pasta from scratch", "best street food I've had this year",
                "comfort food season is here", "simple, cheap, delicious", "meal prep for the week",
            ],
            hashtags: &["foodblogger", "easyrecipes", "homemade", "dinnerideas", "foodstagram", "mealprep"],
        },
        // travel
        NicheVocab {
            roles: &[
                "travel writer", "digital nomad", "backpacker", "travel photographer", "weekend explorer",
            ],
            words: &[
                "itinerary", "passport", "backpack", "hostel", "road trip", "flights", "beach", "mountains",
                "old town", "hidden gem", "carry-on", "jet lag", "sunrise hike", "train ride", "island",
                "street food", "local market", "travel budget", "packing list", "boutique hotel",
                "city break", "airport lounge", "campervan",
            ],
            phrases: &[
                "48 hours in the city", "hidden gems off the tourist trail", "packing light for two weeks",
                "travel guide is live", "sunrise worth the 4am alarm", "lost in the old town",
                "this view though", "how I travel on a budget", "next stop announced soon",
                "window seat always", "travel day diaries",
            ],
            hashtags: &[
                "travelblogger", "instatravel", "traveltheworld", "digitalnomad", "travelphotography",
                "backpacking",
            ],
        },
        // gaming
        NicheVocab {
            roles: &["streamer", "speedrunner", "retro gamer", "esports player", "gaming creator"],
            words: &[
                "stream", "controller", "headset", "boss fight", "speedrun", "patch notes", "ranked",
                "loadout", "co-op", "open world", "indie game", "retro console", "gaming setup",
                "mechanical keyboard", "achievement", "raid", "clutch", "respawn", "frame rate", "esports",
                "battle pass", "lag", "leaderboard",
            ],
            phrases: &[
                "going live tonight", "finally beat the final boss", "new personal best on the speedrun",
                "ranked grind continues", "this indie game deserves more love",
                "full stream is on the channel", "GG to everyone in chat", "setup tour coming soon",
                "the clutch of the year", "patch day chaos", "co-op night with the squad",
            ],
            hashtags: &[
                "gamingcommunity", "twitchstreamer", "gamersunite", "indiegames", "retrogaming",
                "gamingsetup",
            ],
        },
        // tech
        NicheVocab {
            roles: &["software engineer", "tech reviewer", "gadget nerd", "indie developer", "IT consultant"],
            words: &[
                "smartphone", "laptop", "keyboard", "mechanical keyboard", "desk setup", "open source",
                "AI tools", "battery life", "camera test", "unboxing", "side project", "Rust", "Python",
                "home server", "smart home", "app", "productivity apps", "review", "benchmarks",
                "noise cancelling headphones", "USB-C", "electric cars", "budgeting app",
            ],
            phrases: &[
                "unboxing the new phone", "honest review after 30 days", "my desk setup tour",
                "shipped a side project this weekend", "is it worth the upgrade?",
                "five apps I use every day", "battery test results", "open source wins again",
                "building my home server", "debugging all night", "tech that actually saves time",
            ],
            hashtags: &[
                "techreview", "desksetup", "gadgetlover", "softwareengineer", "opensource", "100daysofcode",
            ],
        },
        // parenting
        NicheVocab {
            roles: &["mom of two", "dad of three", "parenting coach", "toddler wrangler", "family blogger"],
            words: &[
                "toddler", "newborn", "bedtime routine", "school run", "lunchbox", "playdate", "nap time",
                "family dinner", "screen time", "homeschool", "baby food", "tantrums", "potty training",
                "kids crafts", "family holiday", "sleep schedule", "pregnancy", "stroller", "diapers",
                "siblings", "school holidays", "family dog",
            ],
            phrases: &[
                "survived another school run", "bedtime routine that actually works",
                "toddler tantrum of the week", "lunchbox ideas for picky eaters", "mum guilt is real",
                "our chaotic family morning", "small wins count", "rainy day activities for kids",
                "first day of school", "nap time is my me time", "parenting hacks nobody told me",
            ],
            hashtags: &[
                "momsofinstagram", "dadsofinstagram", "parentinglife", "toddlerlife", "familytime",
                "momblogger",
            ],
        },
        // pets
        NicheVocab {
            roles: &["dog mom", "cat dad", "pet photographer", "dog trainer", "rescue volunteer"],
            words: &[
                "puppy", "kitten", "rescue dog", "dog park", "treats", "vet visit", "dog walk",
                "leash training", "training", "cat tree", "grooming", "adoption", "paws", "fur baby",
                "chew toy", "zoomies", "harness", "litter box", "dog food", "senior dog", "foster", "agility",
            ],
            phrases: &[
                "gotcha day anniversary", "zoomies at 6am", "adopt don't shop", "first day home",
                "who's a good boy", "vet visit went well", "sunday dog walk", "cat thinks she owns the couch",
                "trick training progress", "rescue story time", "treat reviews by a picky eater",
            ],
            hashtags: &["dogsofig", "catlover", "rescuedog", "petsofinstagram", "doglover", "catstagram"],
        },
        // finance
        NicheVocab {
            roles: &[
                "personal finance coach", "financial planner", "frugal living writer", "investor",
                "money nerd",
            ],
            words: &[
                "budget", "savings", "index funds", "ETF", "compound interest", "emergency fund",
                "retirement", "side hustle", "debt payoff", "credit score", "stocks", "dividends",
                "net worth", "frugal living", "money mindset", "inflation", "tax tips", "spending tracker",
                "financial freedom", "real estate", "passive income", "budgeting app",
            ],
            phrases: &[
                "how I paid off my debt", "my monthly budget breakdown", "start investing with 50 a month",
                "emergency fund before anything else", "compound interest is magic",
                "no-spend month challenge", "net worth update", "side hustle income report",
                "money lessons from my twenties", "stop wasting money on subscriptions",
                "financial freedom is a marathon",
            ],
            hashtags: &["moneytips", "financialfreedom", "investing101", "budgeting", "debtfree", "fire"],
        },
        // music
        NicheVocab {
            roles: &["singer-songwriter", "music producer", "guitarist", "DJ", "piano teacher"],
            words: &[
                "new single", "guitar", "piano", "studio session", "vocals", "album", "live show", "setlist",
                "beat", "synth", "acoustic cover", "songwriting", "mixing", "headphones", "vinyl", "tour",
                "rehearsal", "chords", "open mic", "playlist", "microphone", "band",
            ],
            phrases: &[
                "new single out Friday", "acoustic cover of your requests", "studio day with the band",
                "tour dates announced", "writing a song a day", "behind the beat",
                "first time playing this live", "sold out show, thank you", "practice makes progress",
                "stuck on this chord progression", "playlist for your commute",
            ],
            hashtags: &[
                "singersongwriter", "musicproducer", "coversong", "indiemusic", "newmusicfriday", "guitarist",
            ],
        },
        // sports
        NicheVocab {
            roles: &["football coach", "sports journalist", "cyclist", "tennis player", "runner"],
            words: &[
                "match", "training", "football", "basketball", "tennis", "cycling", "marathon", "goal",
                "league", "season", "team", "stadium", "highlights", "transfer news", "race day",
                "personal best", "half marathon", "kit", "derby", "championship", "recovery", "tactics",
                "penalty",
            ],
            phrases: &[
                "match day feels", "what a goal", "race day done", "season preview is up",
                "highlights from the weekend", "training camp diaries", "derby day tomorrow",
                "new personal best on the 10k", "tactics breakdown of the final", "proud of this team",
                "on the bike before sunrise",
            ],
            hashtags: &[
                "matchday", "footballfans", "runnersofinstagram", "cyclinglife", "sportsfan",
                "marathontraining",
            ],
        },
        // education
        NicheVocab {
            roles: &["teacher", "tutor", "language coach", "science communicator", "study coach"],
            words: &[
                "study tips", "flashcards", "exam season", "notes", "lesson plan", "classroom", "homework",
                "language learning", "vocabulary", "grammar", "history facts", "science", "math",
                "productivity", "study session", "online course", "reading list", "pomodoro", "students",
                "revision", "homeschool", "library",
            ],
            phrases: &[
                "study with me for 2 hours", "exam season survival guide", "how I take notes",
                "five flashcard tricks", "today's history fact", "learn a new word every day",
                "back to school prep", "teaching is a marathon", "grammar mistakes everyone makes",
                "science explained in one minute", "pomodoro session starting now",
            ],
            hashtags: &[
                "studygram", "teachersofinstagram", "studymotivation", "languagelearning", "edutok",
                "teacherlife",
            ],
        },
        // crafts
        NicheVocab {
            roles: &["knitter", "crochet designer", "maker", "sewist", "craft teacher"],
            words: &[
                "yarn", "crochet", "knitting pattern", "embroidery", "sewing machine", "fabric", "DIY",
                "handmade", "quilt", "cross stitch", "clay", "candle making", "resin", "scrapbook",
                "glue gun", "washi tape", "upcycling", "kids crafts", "stitches", "granny square", "pottery",
                "watercolour",
            ],
            phrases: &[
                "work in progress", "finished object Friday", "pattern release today",
                "my yarn stash is out of control", "handmade gifts season", "first quilt finished",
                "crochet along starts Monday", "upcycled an old sweater", "DIY in under an hour",
                "craft room tour", "every stitch counts",
            ],
            hashtags: &[
                "crochetersofinstagram", "knittersofinstagram", "handmadewithlove", "diyproject",
                "sewistsofinstagram", "wip",
            ],
        },
        // home
        NicheVocab {
            roles: &["interior lover", "DIY renovator", "home stylist", "plant parent", "organising pro"],
            words: &[
                "living room", "renovation", "DIY", "paint colour", "shelf styling", "houseplants",
                "cosy corner", "kitchen makeover", "bedroom refresh", "organising", "storage hacks", "budget",
                "rug", "lighting", "candles", "gallery wall", "thrifted furniture", "smart home", "garden",
                "declutter", "linen", "nursery",
            ],
            phrases: &[
                "before and after", "weekend DIY project", "room refresh on a budget", "our renovation diary",
                "new plant baby", "cosy evenings at home", "declutter with me", "styling the shelves again",
                "the kitchen is finally done", "small space, big ideas", "home tour part two",
            ],
            hashtags: &[
                "homedesign", "interiorinspo", "diyhome", "plantsofinstagram", "homesweethome",
                "renovationjourney",
            ],
        },
        // automotive
        NicheVocab {
            roles: &["car reviewer", "mechanic", "track day addict", "car photographer", "EV driver"],
            words: &[
                "engine", "horsepower", "test drive", "electric car", "road trip", "track day", "detailing",
                "turbo", "classic car", "restoration", "tyres", "oil change", "exhaust", "garage",
                "motorbike", "car meet", "range", "charging", "manual gearbox", "dashcam", "off-road",
                "campervan",
            ],
            phrases: &[
                "test drive review is up", "track day recap", "full detail, before and after",
                "restoration project update", "cars and coffee this Sunday", "EV range tested in winter",
                "this engine sounds unreal", "first drive impressions", "garage day",
                "road trip in the classic", "DIY oil change guide",
            ],
            hashtags: &[
                "carlifestyle", "cargram", "electricvehicle", "carspotting", "petrolhead", "cardetailing",
            ],
        },
        // wellness
        NicheVocab {
            roles: &[
                "yoga teacher", "wellness coach", "meditation guide", "nutritionist",
                "breathwork facilitator",
            ],
            words: &[
                "yoga", "meditation", "breathwork", "self care", "journaling", "sleep", "mindfulness",
                "mental health", "herbal tea", "healthy habits", "stretching", "gut health",
                "morning routine", "gratitude", "stress", "balance", "recovery", "smoothie bowl",
                "nature walks", "therapy", "burnout", "boundaries",
            ],
            phrases: &[
                "slow morning ritual", "10 minutes of breathwork", "journal prompts for the week",
                "rest is productive", "protect your peace", "sunset yoga flow",
                "my evening wind-down routine", "gentle reminder to drink water", "healing is not linear",
                "digital detox weekend", "small habits, big change",
            ],
            hashtags: &[
                "selfcaresunday", "yogaeveryday", "mentalhealthmatters", "mindfulliving", "wellnessjourney",
                "healthylifestyle",
            ],
        },
        // comedy
        NicheVocab {
            roles: &[
                "comedian", "sketch writer", "improv performer", "meme maker", "professional overthinker",
            ],
            words: &[
                "sketch", "stand-up", "punchline", "meme", "improv", "open mic", "set", "bit", "parody",
                "roast", "jokes", "prank", "impression", "comedy special", "crowd work", "skit", "blooper",
                "satire", "tour", "relatable content", "group chat",
            ],
            phrases: &[
                "new sketch is up", "tell me this isn't relatable", "crowd work gone wrong",
                "my mum found my account", "POV: it's Monday again", "tour dates, come laugh",
                "this bit killed last night", "nobody asked but here's my take", "I'm not okay 😂",
                "tag someone who does this", "improv night recap",
            ],
            hashtags: &["funnyvideos", "comedian", "standupcomedy", "memesdaily", "relatable", "lmao"],
        },
        // art
        NicheVocab {
            roles: &["illustrator", "painter", "digital artist", "muralist", "art teacher"],
            words: &[
                "sketchbook", "watercolour", "oil painting", "illustration", "canvas", "portrait",
                "commission", "linework", "colour palette", "digital art", "ink", "gouache", "mural",
                "gallery", "studio", "print shop", "charcoal", "speedpaint", "character design", "pottery",
                "brushes", "exhibition",
            ],
            phrases: &[
                "sketchbook tour", "commissions are open", "work in progress shot",
                "finished this portrait today", "speedpaint of yesterday's piece", "new prints in the shop",
                "studio day", "drawing every day this month", "process video is up",
                "gallery opening tonight", "mistakes turned into happy accidents",
            ],
            hashtags: &[
                "artistsoninstagram", "illustrationartist", "sketchbookart", "watercolorpainting",
                "artoftheday", "procreate",
            ],
        },
        // sustainability
        NicheVocab {
            roles: &[
                "zero waste advocate", "climate activist", "slow fashion lover", "eco educator",
                "urban gardener",
            ],
            words: &[
                "zero waste", "composting", "thrift haul", "refill shop", "reusable", "plastic free",
                "climate", "upcycling", "second hand", "slow fashion", "solar panels", "plant-based",
                "local produce", "repair café", "bike commute", "garden", "bees", "carbon footprint",
                "eco swaps", "train travel", "bulk buying", "mending",
            ],
            phrases: &[
                "easy eco swaps for beginners", "one year of zero waste", "thrift haul, all second hand",
                "mending instead of buying", "composting at home is easy", "plastic free July check-in",
                "choosing the train over a flight", "small steps still count",
                "repair it before you replace it", "my refill shop routine", "growing our own veggies",
            ],
            hashtags: &[
                "sustainableliving", "ecoliving", "secondhandfirst", "climateaction", "lowwaste", "gogreen",
            ],
        },
    ],
    filler: &[
        "coffee", "sunshine", "good vibes", "the weekend", "family time", "friends", "a long walk", "sunsets",
        "slow mornings", "a new week", "gratitude", "the little things", "late nights", "rainy days",
        "memories", "my birthday", "a good book", "brunch", "tea", "the city", "the beach", "summer",
        "autumn", "quiet moments", "big news", "a new chapter", "life lately", "happy days", "lazy Sundays",
        "golden hour",
    ],
    hashtags: &["happiness", "weekendvibes", "sundayfunday", "mondaymotivation", "blessed", "nofilter"],
    caption_frames: &[
        "{p} {e}", "Today: {w} and {w} {e}", "Can't stop thinking about {w}",
        "New post on {w}, {w} and a bit of {f}", "Who else loves {w}? {e}", "Quick tip: {p}",
        "{p}. {w} first, then {w}", "Finally tried {w} and honestly? Worth it {e}",
        "My {w} routine this week: {w}, {w}, {w}", "Saving this {w} idea for later {e}",
        "Honest thoughts on {w} {e}", "Little reminder: {p}", "Weekend plans: {w} + {f}",
        "3 things I learned about {w}: {w}, {w} and {w}", "{p} {e} Drop your favourite {w} below 👇",
        "Behind the scenes: {w} and {w}", "Not me obsessing over {w} again {e}",
        "If you're into {w}, this one's for you. {p}",
    ],
    off_topic_frames: &[
        "{f} {e}", "Happy weekend everyone ☀️ {f} and {f}", "Just {f} today, nothing else",
        "{f} with my favourite people", "Throwback to {f} 📸", "Sunday mood: {f}", "Grateful for {f} 🙏",
        "No plans, just {f}",
    ],
    sponsored_frames: &[
        "Teamed up with {brand} on {w} {e}", "Thanks {brand} for the {w}!", "Loving my new {w} from {brand}",
        "Use code {code} at {brand} for 15% off {w}", "{brand} sent me {w} to try and I'm obsessed",
        "Partnered with {brand} to bring you {w} {e}",
    ],
    vague_bio_frames: &[
        "just living life {e} | {place}", "{f}, {f} and {f} {e}", "dreamer. {f} lover. {place}",
        "trying my best {e}", "life is better with {f} {e}", "{place} {e} | views my own",
        "making memories {e}", "here for {f} and good people", "{f} • {f} • {f}", "hi, welcome to my little corner {e}",
        "new here, be nice {e}", "{place} → wherever life takes me",
    ],
    bio_frames: &[
        "{role} | {p} {e}", "{role} based in {place} {e}", "{role} · {w} · {w}",
        "Sharing {w}, {w} and {f} {e}", "{e} {role}\n{p}", "{role}. {p}", "All things {w} {e} | {place}",
        "{role} & {role2} {e}",
    ],
    replies: &[
        "Love this!", "So good 😍", "This is amazing", "Wow 😍", "Saving this 🙌", "Haha so true", "Yes!! 🙌",
        "Beautiful ❤️", "Need this in my life", "Thanks for sharing!", "Obsessed 😍", "Where is this?",
        "So inspiring", "You never miss 🔥", "This made my day", "Absolutely love it", "Goals!",
        "Can't wait to try this",
    ],
    topic_replies: &[
        "Need to try this {w}!", "Great tips on {w}, thanks!", "Where did you get the {w}?",
        "Can you share more about {w}?", "Your {w} posts are the best", "Never thought about {w} like that",
        "Is the {w} worth it?", "Trying the {w} this weekend 🙌", "How long did the {w} take?",
    ],
    pod_replies: &[
        "Amazing as always!! 🙌🔥", "This is gold, saving it!!", "Love love love this 😍😍",
        "Yesss this is everything 💯", "So inspiring, thanks for sharing 💕", "Such great content as always!!",
        "Obsessed with this 🔥🔥", "Needed this today 🙏✨", "Can't get enough of your posts!!",
        "Incredible work as usual 👏👏",
    ],
    age_cues: [
        &[
            "high school", "class of {year}", "{age} | just a teen", "sophomore 📚", "{age} y/o",
            "8th grade survivor",
        ],
        &[
            "college student", "uni student", "class of {year}", "{age} | coffee addict", "freshman",
            "{age}, figuring it out",
        ],
        &[
            "{age} | nurse", "class of {year}", "young professional", "software engineer",
            "{age} and thriving", "newlywed", "PhD student",
        ],
        &[
            "{age} and counting", "teacher | runner", "small business owner", "{age} | marketing manager",
            "homeowner, finally",
        ],
        &[
            "{age} and fabulous", "empty nester soon", "{age} | accountant", "over the hill and loving it",
            "teaching for 20 years",
        ],
        &[
            "retired teacher", "retired", "{age} years young", "retired nurse", "enjoying retirement",
            "semi-retired",
        ],
    ],
    parent_cues: [
        &["mom of 2", "mom of 3", "mama of two", "boy mom", "girl mom", "new mom", "mom of teens"],
        &["dad of 2", "dad of 3", "girl dad", "proud dad", "new dad", "dad of teens"],
        &["grandma of 4", "proud grandma", "nana of 3"],
        &["grandpa of 2", "proud grandpa", "papa of 5"],
    ],
    pronouns: ["she/her", "he/him", "they/them"],
    interests: &[
        "{w} lover", "obsessed with {w}", "{w} enthusiast", "into {w}", "{w} fan", "{w} & coffee",
        "learning {w}",
    ],
    markers: &["#ad", "#sponsored", "#gifted", "Paid partnership", "#advertisement"],
    disclosure_comments: &[
        "{marker} Thanks {brand}!", "Forgot to add: {marker} with {brand}",
        "{marker} — this post is in partnership with {brand}",
    ],
    joke_locations: &[
        "somewhere ✨", "Earth 🌍", "the internet", "in my head", "wherever the wifi is", "🌍", "404 not found",
    ],
    ui: UiWords {
        followers: "followers",
        following: "following",
        posts: "posts",
        older: "Older posts",
        newer: "Newer posts",
    },
};
