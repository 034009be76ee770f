//! Portuguese vocabulary (Brazilian and European usage mixed, as on real feeds).

use super::{LanguageVocab, NicheVocab, UiWords};

#[rustfmt::skip]
pub(super) const VOCAB: LanguageVocab = LanguageVocab {
    niches: [
        // fitness
        NicheVocab {
            roles: &["personal trainer", "treinadora", "coach fitness", "rato de academia", "atleta amadora"],
            words: &[
                "agachamento", "levantamento terra", "treino de perna", "proteína", "macros", "cardio",
                "HIIT", "halteres", "barra", "treino", "academia", "mobilidade", "aquecimento", "abdômen",
                "glúteos", "repetições", "recorde pessoal", "supino", "barra fixa", "alongamento",
                "recuperação", "marmitas fit", "treino em casa", "hábitos saudáveis", "elásticos",
            ],
            phrases: &[
                "treino de perna pago", "novo recorde no terra", "sem desculpas essa semana",
                "5h da manhã e já na academia", "progresso, não perfeição", "corrigindo a postura",
                "treino de 30 minutos pro corpo todo", "descanso também é treino",
                "constância vence intensidade", "confia no processo",
            ],
            hashtags: &["treino", "academia", "vidafit", "foco", "projetoverao", "musculacao"],
        },
        // beauty
        NicheVocab {
            roles: &["maquiadora", "viciada em skincare", "criadora de beleza", "esteticista", "manicure"],
            words: &[
                "rotina de skincare", "sérum", "hidratante", "protetor solar", "base", "corretivo", "batom",
                "rímel", "delineador", "blush", "iluminador", "retinol", "ácido hialurônico", "unhas",
                "unhas de gel", "sobrancelhas", "cílios", "pele glow", "nécessaire", "sabonete facial",
                "autocuidado", "tônico", "paleta",
            ],
            phrases: &[
                "se arrume comigo", "make em 5 minutos", "meu sérum favorito da vida",
                "minha pele finalmente melhorou", "make natural pro dia a dia", "swatches de todos os tons",
                "nova combinação de batom", "limpeza dupla toda noite", "protetor solar todo santo dia",
                "produtos terminados do mês",
            ],
            hashtags: &["maquiagem", "beleza", "skincarebrasil", "unhasdecoradas", "pelebonita", "make"],
        },
        // fashion
        NicheVocab {
            roles: &[
                "stylist", "criadora de moda", "consultora de imagem", "amante de brechó",
                "estudante de moda",
            ],
            words: &[
                "look", "outfit", "blazer", "jeans", "tênis", "trench coat", "armário cápsula",
                "vestido midi", "tricô", "botas", "bolsa", "acessórios", "moda de rua", "camisa de linho",
                "calça pantalona", "achados de brechó", "peças vintage", "sobreposição", "cartela de cores",
                "tendências", "guarda-roupa", "lookbook",
            ],
            phrases: &[
                "look do dia", "três jeitos de usar um blazer", "meu armário cápsula de outono",
                "básicos para o trabalho", "o tênis branco perfeito", "o que usei essa semana",
                "tons neutros o dia todo", "um vestido, cinco looks", "provando os achados do brechó",
                "se vestir bem gastando pouco",
            ],
            hashtags: &["moda", "lookdodia", "estilo", "modafeminina", "brecho", "lookinspiracao"],
        },
        // food
        NicheVocab {
            roles: &[
                "cozinheira de mão cheia", "criador de receitas", "confeiteira", "chef",
                "blogueira de comida",
            ],
            words: &[
                "receita", "fermentação natural", "massa", "marmitas", "proteína", "brunch", "feijoada",
                "pão de queijo", "moqueca", "bacalhau", "salada", "sobremesa", "bolo", "azeite", "alho",
                "comida de rua", "feira", "temperos", "bolo de chocolate", "bowl saudável", "lancheira",
                "jantar rápido", "air fryer", "sobras",
            ],
            phrases: &[
                "jantar pronto em 20 minutos", "receita nos comentários", "o molho secreto da minha avó",
                "domingo de confeitaria", "jantar de uma panela só", "a batata mais crocante",
                "massa caseira do zero", "a melhor comida de rua do ano", "chegou a época das sopas",
                "simples, barato e delicioso",
            ],
            hashtags: &[
                "receitas", "comidacaseira", "receitasfaceis", "culinaria", "gastronomia", "docinhos",
            ],
        },
        // travel
        NicheVocab {
            roles: &[
                "viajante", "nômade digital", "mochileira", "fotógrafo de viagem",
                "exploradora de fim de semana",
            ],
            words: &[
                "roteiro", "passaporte", "mochila", "hostel", "viagem de carro", "passagens", "praia",
                "serra", "centro histórico", "lugar escondido", "mala de mão", "jet lag",
                "trilha ao nascer do sol", "trem", "ilha", "comida de rua", "feira local",
                "orçamento de viagem", "lista de mala", "pousada", "bate e volta", "motorhome",
            ],
            phrases: &[
                "48 horas na cidade", "lugares fora do roteiro turístico", "viajando leve por duas semanas",
                "o guia já está no ar", "o nascer do sol valeu a pena", "perdida no centro histórico",
                "que vista", "como eu viajo gastando pouco", "próximo destino em breve", "sempre na janela",
            ],
            hashtags: &["viagem", "viajar", "viajantes", "mochilao", "turismo", "dicasdeviagem"],
        },
        // gaming
        NicheVocab {
            roles: &["streamer", "speedrunner", "gamer retrô", "pro player", "criador gamer"],
            words: &[
                "live", "controle", "headset", "chefão", "speedrun", "atualização", "ranqueada", "partida",
                "coop", "mundo aberto", "jogo indie", "console retrô", "setup gamer", "teclado mecânico",
                "conquista", "raid", "clutch", "fps", "esports", "passe de batalha", "lag", "ranking",
                "campeonato",
            ],
            phrases: &[
                "live hoje à noite", "finalmente zerei o chefão", "novo recorde no speedrun",
                "o grind da ranqueada continua", "esse indie merece mais amor",
                "a live completa está no canal", "GG pra todo mundo do chat", "tour do setup em breve",
                "a jogada do ano", "noite de coop com a galera",
            ],
            hashtags: &["gamer", "games", "jogos", "twitchbrasil", "gamerbr", "jogosindie"],
        },
        // tech
        NicheVocab {
            roles: &[
                "engenheira de software", "reviewer de tecnologia", "viciado em gadgets", "dev indie",
                "consultor de TI",
            ],
            words: &[
                "celular", "notebook", "teclado", "teclado mecânico", "setup", "código aberto",
                "inteligência artificial", "bateria", "teste de câmera", "unboxing", "projeto pessoal",
                "Python", "servidor caseiro", "casa inteligente", "app", "apps de produtividade", "review",
                "desempenho", "fones", "USB-C", "carros elétricos", "app de orçamento",
            ],
            phrases: &[
                "unboxing do celular novo", "review sincero depois de 30 dias", "tour do meu setup",
                "lancei um projeto no fim de semana", "vale a pena trocar?", "cinco apps que uso todo dia",
                "resultado do teste de bateria", "montando meu servidor caseiro", "debugando a noite toda",
                "tecnologia que economiza tempo",
            ],
            hashtags: &["tecnologia", "programacao", "gadgets", "desenvolvedor", "setupbrasil", "techbr"],
        },
        // parenting
        NicheVocab {
            roles: &[
                "mãe de dois", "pai de três", "coach parental", "mãe de primeira viagem",
                "blogueira de família",
            ],
            words: &[
                "crianças", "bebê", "rotina do sono", "escola", "lancheira", "lanche", "soneca",
                "jantar em família", "telas", "educação domiciliar", "papinha", "birra", "desfralde",
                "atividades para crianças", "férias em família", "gravidez", "carrinho", "fraldas", "irmãos",
                "criação com apego", "cachorro da família",
            ],
            phrases: &[
                "sobrevivemos a mais uma manhã de escola", "rotina de sono que funciona", "a birra da semana",
                "ideias de lanche para crianças", "a culpa materna existe", "nossa manhã caótica",
                "pequenas vitórias contam", "atividades para dias de chuva", "primeiro dia de aula",
                "a soneca é meu momento",
            ],
            hashtags: &["maternidade", "maedemenino", "maternidadereal", "paternidade", "familia", "bebe"],
        },
        // pets
        NicheVocab {
            roles: &["mãe de pet", "pai de gato", "fotógrafa de pets", "adestrador", "voluntária de ONG"],
            words: &[
                "filhote", "gatinho", "vira-lata", "parque canino", "petiscos", "veterinário", "passeio",
                "adestramento", "treino", "arranhador", "banho e tosa", "adoção", "patinhas", "peludo",
                "brinquedo", "coleira", "caixa de areia", "ração", "cachorro idoso", "lar temporário",
                "agility",
            ],
            phrases: &[
                "aniversário de adoção", "surto às 6 da manhã", "adote, não compre", "primeiro dia em casa",
                "quem é o bom menino", "a consulta no veterinário foi ótima", "passeio de domingo",
                "a gata tomou conta do sofá", "progresso nos truques", "história de resgate",
            ],
            hashtags: &["cachorro", "gatos", "pets", "adotenaocompre", "viralata", "amomeupet"],
        },
        // finance
        NicheVocab {
            roles: &[
                "educadora financeira", "planejador financeiro", "investidora", "fã de economizar",
                "economista",
            ],
            words: &[
                "orçamento", "poupança", "fundos de índice", "ETF", "juros compostos",
                "reserva de emergência", "aposentadoria", "renda extra", "dívidas", "ações", "dividendos",
                "patrimônio", "vida frugal", "mentalidade financeira", "inflação", "imposto de renda",
                "liberdade financeira", "imóveis", "renda passiva", "app de orçamento", "Tesouro Direto",
            ],
            phrases: &[
                "como eu quitei minhas dívidas", "meu orçamento do mês", "comece a investir com 50 por mês",
                "reserva de emergência primeiro", "juros compostos são mágicos", "desafio do mês sem gastar",
                "atualização do patrimônio", "o que aprendi sobre dinheiro aos vinte",
                "pare de pagar assinaturas", "liberdade financeira é uma maratona",
            ],
            hashtags: &[
                "financaspessoais", "investimentos", "educacaofinanceira", "dinheiro", "poupar",
                "bolsadevalores",
            ],
        },
        // music
        NicheVocab {
            roles: &["cantora e compositora", "produtor musical", "violonista", "DJ", "professora de piano"],
            words: &[
                "single novo", "violão", "guitarra", "piano", "estúdio", "vocais", "álbum", "show", "setlist",
                "beat", "sintetizador", "cover acústico", "composição", "mixagem", "fones", "vinil", "turnê",
                "ensaio", "acordes", "sarau", "playlist", "banda",
            ],
            phrases: &[
                "single novo sexta-feira", "cover acústico dos pedidos de vocês",
                "dia de estúdio com a banda", "datas da turnê anunciadas", "uma música por dia",
                "primeira vez tocando ao vivo", "ingressos esgotados, obrigada", "treino leva ao progresso",
                "travado nessa sequência de acordes", "playlist pro caminho",
            ],
            hashtags: &["musica", "cantora", "musicabrasileira", "violao", "aovivo", "mpb"],
        },
        // sports
        NicheVocab {
            roles: &["técnico de futebol", "jornalista esportivo", "ciclista", "tenista", "corredora"],
            words: &[
                "jogo", "treino", "futebol", "basquete", "tênis", "ciclismo", "maratona", "gol", "campeonato",
                "temporada", "time", "estádio", "melhores momentos", "mercado da bola", "dia de prova",
                "recorde pessoal", "meia maratona", "camisa", "clássico", "recuperação", "tática", "pênalti",
                "torcida",
            ],
            phrases: &[
                "clima de dia de jogo", "que golaço", "prova concluída", "análise da temporada no ar",
                "melhores momentos do fim de semana", "diário da pré-temporada", "amanhã tem clássico",
                "novo recorde nos 10k", "orgulho desse time", "pedalando antes do sol nascer",
            ],
            hashtags: &["futebol", "esporte", "corrida", "ciclismo", "brasileirao", "corredores"],
        },
        // education
        NicheVocab {
            roles: &[
                "professora", "tutor", "professor de idiomas", "divulgadora científica", "coach de estudos",
            ],
            words: &[
                "dicas de estudo", "flashcards", "época de provas", "resumos", "plano de aula",
                "sala de aula", "lição de casa", "idiomas", "vocabulário", "gramática", "história", "ciência",
                "matemática", "produtividade", "sessão de estudo", "curso online", "lista de leitura",
                "pomodoro", "alunos", "revisão", "vestibular", "biblioteca",
            ],
            phrases: &[
                "estude comigo por duas horas", "guia de sobrevivência das provas", "como eu faço resumos",
                "cinco truques com flashcards", "a curiosidade histórica de hoje", "uma palavra nova por dia",
                "preparando a volta às aulas", "erros de gramática comuns", "ciência explicada em um minuto",
                "começando o pomodoro agora",
            ],
            hashtags: &["estudos", "studygrambr", "professores", "vestibular", "educacao", "idiomas"],
        },
        // crafts
        NicheVocab {
            roles: &["tricoteira", "designer de crochê", "artesã", "costureira", "professora de artesanato"],
            words: &[
                "lã", "crochê", "receita de tricô", "bordado", "máquina de costura", "tecido", "DIY",
                "feito à mão", "colcha", "ponto cruz", "argila", "velas", "resina", "scrapbook",
                "pistola de cola quente", "washi tape", "upcycling", "artesanato infantil", "pontos",
                "square de crochê", "cerâmica", "aquarela",
            ],
            phrases: &[
                "trabalho em andamento", "peça finalizada", "receita nova disponível",
                "meu estoque de lã saiu do controle", "temporada de presentes feitos à mão",
                "minha primeira colcha pronta", "dei vida nova a um suéter velho", "DIY em menos de uma hora",
                "tour pelo meu ateliê", "cada ponto conta",
            ],
            hashtags: &["croche", "trico", "artesanato", "feitoamao", "costura", "bordado"],
        },
        // home
        NicheVocab {
            roles: &[
                "apaixonada por decoração", "reformador DIY", "designer de interiores", "mãe de plantas",
                "organizadora",
            ],
            words: &[
                "sala", "reforma", "DIY", "cor da parede", "prateleiras", "plantas", "cantinho aconchegante",
                "cozinha nova", "quarto", "organização", "armazenamento", "orçamento", "tapete", "iluminação",
                "velas", "parede de quadros", "móveis de brechó", "casa inteligente", "jardim", "varanda",
                "linho", "quarto do bebê",
            ],
            phrases: &[
                "antes e depois", "projeto DIY de fim de semana", "renovando o quarto gastando pouco",
                "diário da reforma", "nova plantinha em casa", "noites aconchegantes em casa",
                "organize comigo", "arrumando as prateleiras de novo", "a cozinha finalmente ficou pronta",
                "espaço pequeno, grandes ideias",
            ],
            hashtags: &["decoracao", "casa", "decor", "apartamentopequeno", "plantas", "reforma"],
        },
        // automotive
        NicheVocab {
            roles: &[
                "avaliador de carros", "mecânico", "viciado em track day", "fotógrafo automotivo",
                "motorista de elétrico",
            ],
            words: &[
                "motor", "cavalos", "test drive", "carro elétrico", "viagem de carro", "autódromo",
                "polimento", "turbo", "clássico", "restauração", "pneus", "troca de óleo", "escapamento",
                "oficina", "moto", "encontro de carros", "autonomia", "recarga", "câmbio manual", "off-road",
                "motorhome",
            ],
            phrases: &[
                "o test drive completo está no ar", "resumo do track day",
                "polimento completo, antes e depois", "novidades da restauração",
                "encontro de carros no domingo", "autonomia testada no frio", "que ronco desse motor",
                "primeiras impressões ao volante", "dia de oficina", "troca de óleo passo a passo",
            ],
            hashtags: &[
                "carros", "automoveis", "carrosantigos", "carroeletrico", "motos", "carrosrebaixados",
            ],
        },
        // wellness
        NicheVocab {
            roles: &[
                "professora de yoga", "coach de bem-estar", "guia de meditação", "nutricionista",
                "terapeuta holística",
            ],
            words: &[
                "yoga", "meditação", "respiração", "autocuidado", "diário", "sono", "mindfulness",
                "saúde mental", "chá", "hábitos saudáveis", "alongamento", "saúde intestinal",
                "rotina matinal", "gratidão", "estresse", "equilíbrio", "recuperação", "bowl saudável",
                "caminhada na natureza", "terapia", "limites",
            ],
            phrases: &[
                "ritual de manhã sem pressa", "10 minutos de respiração", "perguntas para o seu diário",
                "descansar também é produtivo", "proteja sua paz", "yoga no pôr do sol",
                "minha rotina para desacelerar", "lembrete: beba água", "cura não é linear",
                "fim de semana sem telas",
            ],
            hashtags: &["bemestar", "saudemental", "autocuidado", "vidasaudavel", "meditacao", "yogabrasil"],
        },
        // comedy
        NicheVocab {
            roles: &[
                "humorista", "roteirista de esquetes", "ator de improviso", "criador de memes",
                "pensador profissional",
            ],
            words: &[
                "esquete", "stand-up", "punchline", "meme", "improviso", "microfone aberto", "show",
                "paródia", "roast", "piadas", "pegadinha", "imitação", "especial de comédia", "plateia",
                "erros de gravação", "sátira", "turnê", "conteúdo identificável", "grupo da família",
                "tio do pavê",
            ],
            phrases: &[
                "esquete novo no ar", "me diz que não é verdade", "a plateia me destruiu",
                "minha mãe achou minha conta", "quando é segunda de novo", "datas da turnê, venham rir",
                "essa piada bombou ontem", "ninguém perguntou mas lá vai", "não aguento mais 😂",
                "marca quem faz isso",
            ],
            hashtags: &["humor", "memesbr", "comedia", "standupbr", "risadas", "humorbrasileiro"],
        },
        // art
        NicheVocab {
            roles: &["ilustradora", "pintor", "artista digital", "muralista", "professora de arte"],
            words: &[
                "sketchbook", "aquarela", "pintura a óleo", "ilustração", "tela", "retrato", "encomenda",
                "lineart", "paleta de cores", "arte digital", "nanquim", "guache", "mural", "galeria",
                "ateliê", "loja de prints", "carvão", "speedpaint", "design de personagens", "cerâmica",
                "pincéis", "exposição",
            ],
            phrases: &[
                "tour pelo sketchbook", "encomendas abertas", "processo em andamento",
                "terminei esse retrato hoje", "prints novos na loja", "dia de ateliê",
                "desenhando todo dia esse mês", "o vídeo do processo está no ar",
                "abertura da exposição hoje", "erros que viraram acertos",
            ],
            hashtags: &["arte", "ilustracao", "desenho", "aquarela", "artistabrasileiro", "pintura"],
        },
        // sustainability
        NicheVocab {
            roles: &[
                "ativista lixo zero", "ativista climática", "amante de moda lenta", "educadora ambiental",
                "horta urbana",
            ],
            words: &[
                "lixo zero", "compostagem", "achados de brechó", "loja a granel", "reutilizável",
                "sem plástico", "clima", "upcycling", "segunda mão", "moda sustentável", "energia solar",
                "alimentação vegetal", "produto local", "conserto", "bicicleta", "horta", "abelhas",
                "pegada de carbono", "trocas sustentáveis", "viajar de trem", "remendar",
            ],
            phrases: &[
                "trocas sustentáveis fáceis", "um ano de lixo zero", "tudo de brechó",
                "remendar em vez de comprar", "compostar em casa é fácil", "julho sem plástico",
                "escolhendo o trem em vez do avião", "pequenos passos contam", "conserte antes de trocar",
                "colhendo nossas verduras",
            ],
            hashtags: &[
                "sustentabilidade", "lixozero", "ecologia", "brecho", "meioambiente", "vidasustentavel",
            ],
        },
    ],
    filler: &[
        "café", "sol", "boas vibes", "o fim de semana", "tempo em família", "amigos", "uma caminhada longa",
        "pôr do sol", "manhãs tranquilas", "semana nova", "gratidão", "as pequenas coisas", "noites longas",
        "dias de chuva", "lembranças", "meu aniversário", "um bom livro", "brunch", "a cidade", "a praia",
        "verão", "outono", "momentos de calma", "novidades", "nova fase", "ultimamente", "dias felizes",
        "domingo preguiçoso", "a hora dourada", "saudade",
    ],
    hashtags: &["amor", "felicidade", "gratidao", "fimdesemana", "domingo", "bomdia"],
    caption_frames: &[
        "{p} {e}", "Hoje: {w} e {w} {e}", "Não paro de pensar em {w}",
        "Post novo sobre {w}, {w} e um pouco de {f}", "Quem mais ama {w}? {e}", "Dica rápida: {p}",
        "{p}. Primeiro {w}, depois {w}", "Finalmente testei {w} e sinceramente, vale a pena {e}",
        "Minha rotina de {w} essa semana: {w}, {w}, {w}", "Salvando essa ideia de {w} pra depois {e}",
        "Opinião sincera sobre {w} {e}", "Lembrete: {p}", "Planos do fim de semana: {w} + {f}",
        "3 coisas que aprendi sobre {w}: {w}, {w} e {w}", "{p} {e} Conta aqui o seu {w} favorito 👇",
        "Bastidores: {w} e {w}",
    ],
    off_topic_frames: &[
        "{f} {e}", "Bom fim de semana, gente ☀️ {f} e {f}", "Hoje só {f}, mais nada",
        "{f} com as minhas pessoas favoritas", "Relembrando {f} 📸", "Mood de domingo: {f}", "Grata por {f} 🙏",
    ],
    sponsored_frames: &[
        "Parceria com {brand} sobre {w} {e}", "Obrigada {brand} pelo {w}!", "Amando meu novo {w} da {brand}",
        "Use o cupom {code} na {brand} para 15% off em {w}",
        "A {brand} me mandou {w} pra testar e estou apaixonada",
    ],
    vague_bio_frames: &[
        "vivendo a vida {e} | {place}", "{f}, {f} e {f} {e}", "sonhadora. amo {f}. {place}",
        "fazendo o meu melhor {e}", "a vida é melhor com {f} {e}", "{place} {e} | opiniões minhas",
        "criando memórias {e}", "aqui por {f} e gente boa", "{f} • {f} • {f}", "oi, bem-vindos ao meu cantinho {e}",
        "nova por aqui {e}", "{place} → onde a vida me levar",
    ],
    bio_frames: &[
        "{role} | {p} {e}", "{role} em {place} {e}", "{role} · {w} · {w}",
        "Compartilhando {w}, {w} e {f} {e}", "{e} {role}\n{p}", "{role}. {p}", "Tudo sobre {w} {e} | {place}",
        "{role} e {role2} {e}",
    ],
    replies: &[
        "Amei!", "Que lindo 😍", "Incrível", "Uau 😍", "Salvei 🙌", "Kkkkk verdade", "Simmm 🙌", "Maravilhoso ❤️",
        "Preciso disso", "Obrigada por compartilhar!", "Perfeito", "Onde é isso?", "Você me inspira",
        "Arrasou 🔥", "Fez meu dia", "Que demais",
    ],
    topic_replies: &[
        "Preciso testar {w}!", "Ótimas dicas de {w}, obrigada", "Onde você comprou {w}?",
        "Fala mais sobre {w}?", "Seus posts de {w} são os melhores", "Nunca tinha pensado em {w} assim",
        "Vale a pena {w}?", "Vou testar {w} no fim de semana 🙌",
    ],
    pod_replies: &[
        "Incrível como sempre!! 🙌🔥", "Isso é ouro, salvei!!", "Amei amei amei 😍😍", "Conteúdo de qualidade 💯",
        "Que inspiração, obrigada por compartilhar 💕", "Sempre o melhor conteúdo!!", "Apaixonada por isso 🔥🔥",
        "Precisava ler isso hoje 🙏✨",
    ],
    age_cues: [
        &["ensino médio", "turma de {year}", "{age} | adolescente", "{age} anos", "vestibulanda"],
        &["universitária", "estudante de medicina", "turma de {year}", "{age} | viciada em café", "calouro"],
        &[
            "{age} | enfermeira", "turma de {year}", "jovem profissional", "engenheiro", "{age} e feliz",
            "recém-casada",
        ],
        &[
            "{age} e contando", "professora e corredora", "empreendedora", "{age} | marketing",
            "casa própria, enfim",
        ],
        &["{age} e fabulosa", "{age} | contador", "aos {age} e com tudo", "20 anos dando aula"],
        &[
            "professora aposentada", "aposentado", "{age} anos de juventude", "enfermeira aposentada",
            "curtindo a aposentadoria",
        ],
    ],
    parent_cues: [
        &["mãe de 2", "mãe de 3", "mãe de primeira viagem", "mãe de menino", "mãe de adolescentes"],
        &["pai de 2", "pai de 3", "pai de menina", "pai orgulhoso", "papai de primeira viagem"],
        &["avó de 4", "vovó coruja", "avó de 3"],
        &["avô de 2", "vovô coruja", "avô de 5"],
    ],
    pronouns: ["ela/dela", "ele/dele", "elu/delu"],
    interests: &["apaixonada por {w}", "viciada em {w}", "fã de {w}", "{w} e café", "aprendendo {w}"],
    markers: &["#publi", "#publicidade", "#parceria", "Parceria paga", "#publipost"],
    disclosure_comments: &[
        "{marker} Obrigada {brand}!", "Esqueci de colocar: {marker} com {brand}",
        "{marker} — esse post é em parceria com {brand}",
    ],
    joke_locations: &["em algum lugar ✨", "Terra 🌍", "internet", "na minha cabeça", "onde tiver wifi", "🌍"],
    ui: UiWords {
        followers: "seguidores",
        following: "seguindo",
        posts: "publicações",
        older: "Publicações anteriores",
        newer: "Publicações recentes",
    },
};
