//! Spanish vocabulary.

use super::{LanguageVocab, NicheVocab, UiWords};

#[rustfmt::skip]
pub(super) const VOCAB: LanguageVocab = LanguageVocab {
    niches: [
        // fitness
        NicheVocab {
            roles: &[
                "entrenadora personal", "entrenador personal", "coach fitness", "amante del gym",
                "atleta amateur",
            ],
            words: &[
                "sentadillas", "peso muerto", "día de pierna", "proteína", "macros", "cardio", "HIIT",
                "pesas", "mancuernas", "rutina", "gimnasio", "movilidad", "calentamiento", "abdominales",
                "glúteos", "repeticiones", "récord personal", "press de banca", "dominadas", "estiramientos",
                "recuperación", "meal prep", "entreno en casa", "hábitos saludables", "bandas elásticas",
            ],
            phrases: &[
                "día de pierna completado", "nuevo récord en peso muerto", "sin excusas esta semana",
                "a las 6 ya en el gym", "progreso, no perfección", "revisando la técnica",
                "rutina de 30 minutos para todo el cuerpo", "el descanso también cuenta",
                "constancia antes que intensidad", "confía en el proceso",
            ],
            hashtags: &[
                "entrenamiento", "vidafit", "motivacionfitness", "gimnasio", "fitnessespana", "rutina",
            ],
        },
        // beauty
        NicheVocab {
            roles: &[
                "maquilladora", "amante del skincare", "creadora de belleza", "esteticista", "manicurista",
            ],
            words: &[
                "rutina de skincare", "sérum", "crema hidratante", "protector solar", "base", "corrector",
                "labial", "máscara de pestañas", "delineador", "rubor", "iluminador", "retinol",
                "ácido hialurónico", "uñas", "uñas de gel", "cejas", "pestañas", "acabado glow", "neceser",
                "limpiador", "autocuidado", "tónico", "paleta",
            ],
            phrases: &[
                "arréglate conmigo", "maquillaje en 5 minutos", "mi sérum favorito de siempre",
                "mi piel por fin mejora", "maquillaje natural para diario", "swatches de todos los tonos",
                "nueva combinación de labios", "doble limpieza cada noche", "protector solar todos los días",
                "productos terminados del mes",
            ],
            hashtags: &["maquillaje", "belleza", "cuidadodelapiel", "unas", "skincarelatino", "makeupartist"],
        },
        // fashion
        NicheVocab {
            roles: &[
                "estilista", "creadora de moda", "asesora de imagen", "amante de lo vintage",
                "estudiante de moda",
            ],
            words: &[
                "outfit", "look", "blazer", "vaqueros", "zapatillas", "gabardina", "armario cápsula",
                "vestido midi", "punto", "botas", "bolso", "accesorios", "estilo urbano", "camisa de lino",
                "pantalón ancho", "compras de segunda mano", "joyas vintage", "capas", "paleta de colores",
                "tendencias", "fondo de armario", "lookbook",
            ],
            phrases: &[
                "look del día", "tres formas de llevar un blazer", "mi armario cápsula de otoño",
                "básicos para la oficina", "las zapatillas blancas perfectas", "lo que me puse esta semana",
                "tonos neutros todo el día", "un vestido, cinco looks", "haul de segunda mano",
                "vestir bien sin gastar mucho",
            ],
            hashtags: &["moda", "lookdeldia", "estilo", "modaespana", "outfitdeldia", "tendencias"],
        },
        // food
        NicheVocab {
            roles: &["cocinera casera", "cocinero casero", "creadora de recetas", "repostera", "chef"],
            words: &[
                "receta", "masa madre", "pasta", "meal prep", "proteína", "brunch", "tacos", "paella",
                "tortilla de patatas", "empanadas", "ensalada", "postre", "bizcocho", "aceite de oliva",
                "ajo", "comida callejera", "mercado local", "especias", "tarta de chocolate",
                "bowl saludable", "tupper", "cena rápida", "freidora de aire", "sobras",
            ],
            phrases: &[
                "cena lista en 20 minutos", "receta en los comentarios", "la salsa secreta de mi abuela",
                "domingo de repostería", "cena en una sola sartén", "las patatas más crujientes",
                "pasta casera desde cero", "la mejor comida callejera del año",
                "llegó la temporada de guisos", "fácil, barato y riquísimo",
            ],
            hashtags: &["recetas", "comidacasera", "recetasfaciles", "cocina", "foodiesespana", "postres"],
        },
        // travel
        NicheVocab {
            roles: &[
                "viajera", "nómada digital", "mochilero", "fotógrafa de viajes",
                "exploradora de fin de semana",
            ],
            words: &[
                "itinerario", "pasaporte", "mochila", "hostal", "viaje por carretera", "vuelos", "playa",
                "montaña", "casco antiguo", "rincón secreto", "equipaje de mano", "jet lag",
                "senderismo al amanecer", "tren", "isla", "comida callejera", "mercado local",
                "presupuesto de viaje", "lista de equipaje", "hotel boutique", "escapada", "furgoneta camper",
            ],
            phrases: &[
                "48 horas en la ciudad", "rincones fuera de lo turístico", "viajar ligera dos semanas",
                "la guía ya está publicada", "el amanecer valió la pena", "perdida en el casco antiguo",
                "qué vistas", "cómo viajo con poco presupuesto", "próximo destino muy pronto",
                "siempre ventanilla",
            ],
            hashtags: &["viajes", "viajar", "viajeros", "mochileros", "escapadas", "turismo"],
        },
        // gaming
        NicheVocab {
            roles: &["streamer", "speedrunner", "gamer retro", "jugador de esports", "creador gamer"],
            words: &[
                "directo", "mando", "cascos", "jefe final", "speedrun", "parche", "clasificatoria", "partida",
                "cooperativo", "mundo abierto", "juego indie", "consola retro", "setup gamer",
                "teclado mecánico", "logro", "raid", "clutch", "fps", "esports", "pase de batalla", "lag",
                "ranking", "torneo",
            ],
            phrases: &[
                "directo esta noche", "por fin vencí al jefe final", "nuevo récord en el speedrun",
                "sigue el grind de ranked", "este indie merece más amor",
                "el directo completo está en el canal", "GG a todo el chat", "tour del setup pronto",
                "la jugada del año", "noche de cooperativo con la squad",
            ],
            hashtags: &["gamer", "videojuegos", "twitchespanol", "gamerlatino", "juegosindie", "streamer"],
        },
        // tech
        NicheVocab {
            roles: &[
                "ingeniera de software", "reseñador de tecnología", "fan de los gadgets",
                "desarrollador indie", "consultor IT",
            ],
            words: &[
                "móvil", "portátil", "teclado", "teclado mecánico", "setup de escritorio", "código abierto",
                "inteligencia artificial", "batería", "prueba de cámara", "unboxing", "proyecto personal",
                "Python", "servidor casero", "domótica", "app", "apps de productividad", "reseña",
                "rendimiento", "auriculares", "USB-C", "coches eléctricos", "app de presupuesto",
            ],
            phrases: &[
                "unboxing del nuevo móvil", "reseña honesta tras 30 días", "tour de mi escritorio",
                "lancé un proyecto este finde", "¿vale la pena actualizar?", "cinco apps que uso a diario",
                "resultados de la prueba de batería", "montando mi servidor casero",
                "depurando toda la noche", "tecnología que ahorra tiempo",
            ],
            hashtags: &["tecnologia", "programacion", "gadgets", "desarrolloweb", "setupgamer", "resenas"],
        },
        // parenting
        NicheVocab {
            roles: &[
                "mamá de dos", "papá de tres", "coach de crianza", "mamá primeriza", "bloguera de familia",
            ],
            words: &[
                "niños", "bebé", "rutina de sueño", "cole", "tupper", "merienda", "siesta", "cena en familia",
                "pantallas", "educación en casa", "papillas", "rabietas", "dejar el pañal",
                "manualidades para niños", "vacaciones en familia", "embarazo", "carrito", "pañales",
                "hermanos", "crianza respetuosa", "perro de la familia",
            ],
            phrases: &[
                "sobrevivimos a otra mañana de cole", "rutina de noche que funciona",
                "la rabieta de la semana", "ideas de merienda para niños", "la culpa de madre existe",
                "nuestra mañana caótica", "los pequeños logros cuentan", "planes para días de lluvia",
                "primer día de cole", "la siesta es mi momento",
            ],
            hashtags: &["maternidad", "crianza", "mamaprimeriza", "paternidad", "familia", "bebes"],
        },
        // pets
        NicheVocab {
            roles: &[
                "mamá perruna", "papá gatuno", "fotógrafa de mascotas", "adiestrador canino",
                "voluntaria de protectora",
            ],
            words: &[
                "cachorro", "gatito", "perro adoptado", "parque canino", "premios", "veterinario", "paseo",
                "adiestramiento", "entrenamiento", "rascador", "peluquería canina", "adopción", "patitas",
                "peludo", "juguete", "correa", "arenero", "pienso", "perro senior", "casa de acogida",
                "agility",
            ],
            phrases: &[
                "aniversario de adopción", "locura a las 6 de la mañana", "adopta, no compres",
                "primer día en casa", "quién es un buen chico", "la visita al veterinario fue bien",
                "paseo de domingo", "la gata se adueñó del sofá", "progresos con los trucos",
                "su historia de rescate",
            ],
            hashtags: &["perros", "gatos", "mascotas", "adoptanocompres", "perrosdeinstagram", "amoamiperro"],
        },
        // finance
        NicheVocab {
            roles: &[
                "educadora financiera", "asesor financiero", "inversora", "fan del ahorro", "economista",
            ],
            words: &[
                "presupuesto", "ahorro", "fondos indexados", "ETF", "interés compuesto",
                "fondo de emergencia", "jubilación", "ingresos extra", "deudas", "acciones", "dividendos",
                "patrimonio", "vida frugal", "mentalidad financiera", "inflación", "impuestos",
                "libertad financiera", "inmuebles", "ingresos pasivos", "app de presupuesto",
                "tarjeta de crédito",
            ],
            phrases: &[
                "cómo pagué mis deudas", "mi presupuesto mensual", "empieza a invertir con 50 al mes",
                "primero el fondo de emergencia", "el interés compuesto es magia",
                "reto de un mes sin gastar", "actualización de patrimonio",
                "lo que aprendí de dinero a los veinte", "deja de pagar suscripciones",
                "la libertad financiera es una maratón",
            ],
            hashtags: &[
                "finanzaspersonales", "ahorro", "inversiones", "educacionfinanciera", "libertadfinanciera",
                "dinero",
            ],
        },
        // music
        NicheVocab {
            roles: &["cantautora", "productor musical", "guitarrista", "DJ", "profesora de piano"],
            words: &[
                "nuevo single", "guitarra", "piano", "estudio", "voces", "disco", "concierto", "setlist",
                "beat", "sintetizador", "cover acústico", "composición", "mezcla", "auriculares", "vinilo",
                "gira", "ensayo", "acordes", "micro abierto", "playlist", "banda", "letra",
            ],
            phrases: &[
                "nuevo single el viernes", "cover acústico de vuestras peticiones",
                "día de estudio con la banda", "fechas de la gira anunciadas", "una canción cada día",
                "primera vez tocándola en directo", "entradas agotadas, gracias",
                "la práctica hace al progreso", "atascado con estos acordes", "playlist para el camino",
            ],
            hashtags: &["musica", "cantautor", "musicaenvivo", "nuevamusica", "guitarra", "productormusical"],
        },
        // sports
        NicheVocab {
            roles: &["entrenador de fútbol", "periodista deportivo", "ciclista", "tenista", "corredora"],
            words: &[
                "partido", "entrenamiento", "fútbol", "baloncesto", "tenis", "ciclismo", "maratón", "gol",
                "liga", "temporada", "equipo", "estadio", "resumen", "fichajes", "día de carrera",
                "marca personal", "media maratón", "camiseta", "derbi", "campeonato", "recuperación",
                "táctica", "penalti",
            ],
            phrases: &[
                "ambiente de día de partido", "qué golazo", "carrera terminada",
                "ya está el análisis de la temporada", "resumen del fin de semana",
                "diario de la pretemporada", "mañana hay derbi", "nueva marca en los 10k",
                "orgullosa de este equipo", "en la bici antes del amanecer",
            ],
            hashtags: &["futbol", "deporte", "running", "ciclismo", "laliga", "corredores"],
        },
        // education
        NicheVocab {
            roles: &["profesora", "tutor", "profe de idiomas", "divulgadora científica", "coach de estudio"],
            words: &[
                "técnicas de estudio", "tarjetas", "época de exámenes", "apuntes", "clase", "aula", "deberes",
                "idiomas", "vocabulario", "gramática", "historia", "ciencia", "matemáticas", "productividad",
                "sesión de estudio", "curso online", "lista de lecturas", "pomodoro", "alumnos", "repaso",
                "oposiciones", "biblioteca",
            ],
            phrases: &[
                "estudia conmigo dos horas", "guía para sobrevivir a los exámenes", "así tomo apuntes",
                "cinco trucos con tarjetas", "el dato histórico de hoy", "una palabra nueva cada día",
                "preparando la vuelta al cole", "errores de gramática muy comunes",
                "ciencia explicada en un minuto", "empieza la sesión pomodoro",
            ],
            hashtags: &["estudiar", "docentes", "profesores", "aprendizaje", "idiomas", "educacion"],
        },
        // crafts
        NicheVocab {
            roles: &["tejedora", "diseñadora de crochet", "artesana", "costurera", "profe de manualidades"],
            words: &[
                "lana", "ganchillo", "patrón", "bordado", "máquina de coser", "tela", "DIY", "hecho a mano",
                "colcha", "punto de cruz", "arcilla", "velas", "resina", "scrapbook", "pistola de silicona",
                "washi tape", "reciclaje creativo", "manualidades para niños", "puntadas", "granny square",
                "cerámica", "acuarela",
            ],
            phrases: &[
                "trabajo en proceso", "proyecto terminado", "patrón nuevo disponible",
                "mi alijo de lanas está fuera de control", "temporada de regalos hechos a mano",
                "mi primera colcha terminada", "di nueva vida a un jersey viejo", "DIY en menos de una hora",
                "tour por mi taller", "cada puntada cuenta",
            ],
            hashtags: &["ganchillo", "tejer", "hechoamano", "manualidades", "costura", "crochetespanol"],
        },
        // home
        NicheVocab {
            roles: &[
                "amante de la decoración", "reformista DIY", "interiorista", "madre de plantas",
                "experta en orden",
            ],
            words: &[
                "salón", "reforma", "DIY", "color de pared", "estanterías", "plantas", "rincón acogedor",
                "cocina nueva", "dormitorio", "orden", "almacenaje", "presupuesto", "alfombra", "iluminación",
                "velas", "pared de cuadros", "muebles de segunda mano", "domótica", "jardín", "terraza",
                "lino", "habitación del bebé",
            ],
            phrases: &[
                "antes y después", "proyecto DIY de fin de semana", "renovar un cuarto con poco dinero",
                "diario de la reforma", "nueva plantita en casa", "tardes de manta en casa", "ordena conmigo",
                "decorando las estanterías otra vez", "por fin terminamos la cocina",
                "espacios pequeños, grandes ideas",
            ],
            hashtags: &["decoracion", "hogar", "interiorismo", "decoracionhogar", "plantas", "reforma"],
        },
        // automotive
        NicheVocab {
            roles: &[
                "probador de coches", "mecánico", "adicto a los circuitos", "fotógrafo de coches",
                "conductor eléctrico",
            ],
            words: &[
                "motor", "caballos", "prueba", "coche eléctrico", "viaje por carretera", "circuito",
                "detallado", "turbo", "clásico", "restauración", "neumáticos", "cambio de aceite", "escape",
                "taller", "moto", "quedada", "autonomía", "carga", "cambio manual", "todoterreno",
                "furgoneta camper",
            ],
            phrases: &[
                "ya está la prueba completa", "resumen del día en circuito",
                "detallado completo, antes y después", "avances de la restauración",
                "quedada de coches el domingo", "autonomía probada en invierno", "cómo suena este motor",
                "primeras impresiones al volante", "día de taller", "cambio de aceite paso a paso",
            ],
            hashtags: &["coches", "motor", "cochesclasicos", "cocheelectrico", "motos", "carspotting"],
        },
        // wellness
        NicheVocab {
            roles: &[
                "profesora de yoga", "coach de bienestar", "guía de meditación", "nutricionista",
                "terapeuta holística",
            ],
            words: &[
                "yoga", "meditación", "respiración", "autocuidado", "diario", "sueño", "mindfulness",
                "salud mental", "infusión", "hábitos saludables", "estiramientos", "salud intestinal",
                "rutina de mañana", "gratitud", "estrés", "equilibrio", "recuperación", "bowl saludable",
                "paseos por la naturaleza", "terapia", "límites",
            ],
            phrases: &[
                "ritual de mañana sin prisas", "10 minutos de respiración", "preguntas para tu diario",
                "descansar también es productivo", "protege tu paz", "yoga al atardecer",
                "mi rutina para desconectar", "recordatorio: bebe agua", "sanar no es lineal",
                "fin de semana sin pantallas",
            ],
            hashtags: &["bienestar", "saludmental", "yogaespanol", "autocuidado", "vidasana", "meditacion"],
        },
        // comedy
        NicheVocab {
            roles: &[
                "humorista", "guionista de sketches", "actor de impro", "creador de memes",
                "pensador excesivo",
            ],
            words: &[
                "sketch", "monólogo", "remate", "meme", "impro", "micro abierto", "bolo", "parodia", "roast",
                "chistes", "broma", "imitación", "especial de comedia", "público", "tomas falsas", "sátira",
                "gira", "contenido relatable", "grupo de WhatsApp", "cuñado",
            ],
            phrases: &[
                "nuevo sketch subido", "dime que no te pasa", "el público me destrozó",
                "mi madre encontró mi cuenta", "cuando es lunes otra vez", "fechas de gira, venid a reír",
                "este chiste lo petó anoche", "nadie preguntó pero aquí va", "no puedo más 😂",
                "etiqueta a quien hace esto",
            ],
            hashtags: &["humor", "memesespanol", "comedia", "risas", "monologos", "humorlatino"],
        },
        // art
        NicheVocab {
            roles: &["ilustradora", "pintor", "artista digital", "muralista", "profesora de arte"],
            words: &[
                "cuaderno de bocetos", "acuarela", "óleo", "ilustración", "lienzo", "retrato", "encargo",
                "línea", "paleta de colores", "arte digital", "tinta", "gouache", "mural", "galería",
                "estudio", "tienda de láminas", "carboncillo", "speedpaint", "diseño de personajes",
                "cerámica", "pinceles", "exposición",
            ],
            phrases: &[
                "tour por mi cuaderno", "encargos abiertos", "proceso en marcha", "terminé este retrato hoy",
                "nuevas láminas en la tienda", "día de estudio", "dibujando cada día este mes",
                "ya está el vídeo del proceso", "inauguración esta noche", "errores convertidos en aciertos",
            ],
            hashtags: &["arte", "ilustracion", "dibujo", "acuarela", "artistasespanoles", "pintura"],
        },
        // sustainability
        NicheVocab {
            roles: &[
                "activista residuo cero", "activista climática", "amante de la moda lenta",
                "educadora ambiental", "hortelana urbana",
            ],
            words: &[
                "residuo cero", "compostaje", "compras de segunda mano", "tienda a granel", "reutilizable",
                "sin plástico", "clima", "reciclaje creativo", "segunda mano", "moda sostenible",
                "placas solares", "alimentación vegetal", "producto local", "café de reparación", "bici",
                "huerto", "abejas", "huella de carbono", "cambios eco", "viajar en tren", "remendar",
            ],
            phrases: &[
                "cambios eco fáciles para empezar", "un año de residuo cero", "todo de segunda mano",
                "remendar en vez de comprar", "compostar en casa es fácil", "julio sin plástico",
                "elegir el tren antes que el avión", "los pasos pequeños cuentan",
                "repara antes de reemplazar", "cosechando nuestras verduras",
            ],
            hashtags: &[
                "sostenibilidad", "residuocero", "ecologia", "segundamano", "medioambiente", "vidasostenible",
            ],
        },
    ],
    filler: &[
        "café", "sol", "buen rollo", "el finde", "tiempo en familia", "amigos", "un paseo largo",
        "atardeceres", "mañanas tranquilas", "semana nueva", "gratitud", "las pequeñas cosas",
        "noches largas", "días de lluvia", "recuerdos", "mi cumple", "un buen libro", "brunch", "la ciudad",
        "la playa", "verano", "otoño", "momentos de calma", "grandes noticias", "nueva etapa", "últimamente",
        "días felices", "domingos tranquilos", "la hora dorada", "sobremesa",
    ],
    hashtags: &["amor", "felicidad", "findesemana", "domingo", "vida", "buenosdias"],
    caption_frames: &[
        "{p} {e}", "Hoy: {w} y {w} {e}", "No dejo de pensar en {w}",
        "Nuevo post sobre {w}, {w} y un poco de {f}", "¿A quién más le encanta {w}? {e}",
        "Consejo rápido: {p}", "{p}. Primero {w}, luego {w}",
        "Por fin probé {w} y sinceramente, merece la pena {e}", "Mi rutina de {w} esta semana: {w}, {w}, {w}",
        "Guardo esta idea de {w} para luego {e}", "Opinión sincera sobre {w} {e}", "Recordatorio: {p}",
        "Planes del finde: {w} + {f}", "3 cosas que aprendí sobre {w}: {w}, {w} y {w}",
        "{p} {e} Contadme vuestro {w} favorito 👇", "Detrás de cámaras: {w} y {w}",
    ],
    off_topic_frames: &[
        "{f} {e}", "Feliz finde a todos ☀️ {f} y {f}", "Hoy solo {f}, nada más", "{f} con mi gente favorita",
        "Volviendo a {f} 📸", "Mood de domingo: {f}", "Agradecida por {f} 🙏",
    ],
    sponsored_frames: &[
        "Colaboro con {brand} en {w} {e}", "¡Gracias {brand} por {w}!", "Me encanta mi nuevo {w} de {brand}",
        "Usa el código {code} en {brand} para un 15% en {w}",
        "{brand} me envió {w} para probar y estoy encantada",
    ],
    vague_bio_frames: &[
        "viviendo la vida {e} | {place}", "{f}, {f} y {f} {e}", "soñadora. amante de {f}. {place}",
        "haciendo lo que puedo {e}", "la vida es mejor con {f} {e}", "{place} {e} | opiniones propias",
        "creando recuerdos {e}", "aquí por {f} y buena gente", "{f} • {f} • {f}", "hola, bienvenidos a mi rincón {e}",
        "nueva por aquí {e}", "{place} → donde me lleve la vida",
    ],
    bio_frames: &[
        "{role} | {p} {e}", "{role} en {place} {e}", "{role} · {w} · {w}", "Comparto {w}, {w} y {f} {e}",
        "{e} {role}\n{p}", "{role}. {p}", "Todo sobre {w} {e} | {place}", "{role} y {role2} {e}",
    ],
    replies: &[
        "¡Me encanta!", "Qué bonito 😍", "Increíble", "Guau 😍", "Me lo guardo 🙌", "Jajaja total", "¡Sí! 🙌",
        "Precioso ❤️", "Lo necesito", "¡Gracias por compartir!", "Qué maravilla", "¿Dónde es esto?",
        "Me inspiras mucho", "Nunca fallas 🔥", "Me alegraste el día", "Qué pasada",
    ],
    topic_replies: &[
        "¡Tengo que probar {w}!", "Buenísimos consejos sobre {w}, gracias", "¿Dónde conseguiste {w}?",
        "¿Puedes contar más sobre {w}?", "Tus posts de {w} son los mejores",
        "Nunca lo había pensado así, lo de {w}", "¿Vale la pena {w}?", "Este finde pruebo {w} 🙌",
    ],
    pod_replies: &[
        "¡Increíble como siempre! 🙌🔥", "¡Esto es oro, me lo guardo!", "Me encanta me encanta 😍😍",
        "Contenidazo 💯", "Qué inspiración, gracias por compartir 💕", "Siempre con el mejor contenido",
        "Obsesionada con esto 🔥🔥", "Justo lo que necesitaba hoy 🙏✨",
    ],
    age_cues: [
        &["en el insti", "promo {year}", "{age} | adolescente", "estudiante de secundaria", "{age} años"],
        &[
            "estudiante universitaria", "universitario", "promo {year}", "{age} | adicta al café",
            "{age}, descubriendo la vida",
        ],
        &[
            "{age} | enfermera", "promo {year}", "joven profesional", "ingeniero", "{age} y feliz",
            "recién casada",
        ],
        &[
            "{age} y sumando", "profe y corredora", "emprendedora", "{age} | marketing",
            "por fin con casa propia",
        ],
        &["{age} y fabulosa", "{age} | contable", "a mis {age} y con ganas", "20 años dando clase"],
        &[
            "maestra jubilada", "jubilado", "{age} años de juventud", "enfermera jubilada",
            "disfrutando la jubilación",
        ],
    ],
    parent_cues: [
        &["mamá de 2", "mamá de 3", "mamá primeriza", "mamá de niños", "mamá de adolescentes"],
        &["papá de 2", "papá de 3", "papá orgulloso", "papá primerizo"],
        &["abuela de 4", "abuela orgullosa", "abuelita de 3"],
        &["abuelo de 2", "abuelo orgulloso", "abuelo de 5"],
    ],
    pronouns: ["ella", "él", "elle"],
    interests: &["amante de {w}", "obsesionada con {w}", "fan de {w}", "{w} y café", "aprendiendo {w}"],
    markers: &["#publi", "#publicidad", "#colaboración", "Colaboración pagada", "#patrocinado"],
    disclosure_comments: &[
        "{marker} ¡Gracias {brand}!", "Se me olvidó: {marker} con {brand}",
        "{marker} — este post es en colaboración con {brand}",
    ],
    joke_locations: &["en algún lugar ✨", "la Tierra 🌍", "internet", "en mi cabeza", "donde haya wifi", "🌍"],
    ui: UiWords {
        followers: "seguidores",
        following: "seguidos",
        posts: "publicaciones",
        older: "Publicaciones anteriores",
        newer: "Publicaciones recientes",
    },
};
