/**
 * Word lists for the PII redactor, all folded (lower case, no accents). Kept in one place so
 * the rules in redact.ts read as rules.
 */
const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

/**
 * Common first names in Brazil and English-speaking markets. A word here starts a name in any
 * case, anywhere, unless it is also in AMBIGUOUS_NAMES.
 */
export const FIRST_NAMES: ReadonlySet<string> = words(`
ana maria francisca antonia adriana juliana marcia fernanda patricia aline sandra camila amanda bruna jessica leticia julia
luciana vanessa mariana gabriela vera beatriz larissa carla simone daniela debora raquel renata tatiana claudia priscila luana
natalia cristiane andreia fabiana eliane rafaela elaine monica viviane silvia isabela isabel sabrina bianca carolina paula lucia helena
joana luiza luisa giovana giovanna livia manuela alice valentina laura sophia sofia heloisa lorena yasmin cecilia eduarda isadora marta regina
jose joao antonio francisco carlos paulo pedro lucas luiz marcos luis gabriel rafael daniel marcelo bruno eduardo felipe raimundo
rodrigo manoel manuel mateus andre fernando fabio leonardo gustavo guilherme leandro tiago anderson ricardo marcio jorge sebastiao alexandre
roberto edson diego vitor victor sergio claudio matheus thiago joaquim geraldo adriano luciano julio renato alex vinicius rogerio samuel
ronaldo mario flavio igor henrique otavio enzo miguel arthur artur heitor davi bernardo murilo rubens wagner wellington cesar
silvana rosana rosangela rosemeire roseli solange sonia tania telma vania denise edna elisa elisangela fatima francine gisele
ingrid jaqueline jacqueline josiane jussara karina katia kelly keila lais lara leila lilian luciane marcela mirela michele milena
nadia neide noemi olga pamela poliana rebeca rita roberta sueli suzana tereza teresa thais valeria veronica viviana yara zuleica
agatha alana alessandra alicia barbara benedita betania carina celia cintia cristina dandara dayane eloisa emanuelle estela
fabricia flavia gabriele graziela heloise iara irene ivone janaina joyce jordana juliane kamila karla larice lidia ligia lucimara
lourdes madalena mayara marcele marilene marina mirian nathalia nicole odete paloma railda regiane sabrina samara sara selma sheila
stella tais tatiane thalita alina ludwig valquiria vitoria wanda yolanda zelia
ademir adilson alberto alcides aldo alisson alvaro amauri anselmo aparecido arnaldo augusto benedito breno carlinhos cassio
celso cicero cristiano damiao danilo dario davi denis diogo domingos edgar edilson edmilson edivaldo elias emerson erick everton
fabiano fabricio felix fernandinho gilberto gilmar gilson giovani gonzalo hamilton helio hugo humberto ismael ivan jair jean
jefferson jeferson joel jonas jonatas josue juliano juscelino kaue kleber laercio lauro leo leonel lincoln lourival luan
maicon marcio marco mauricio mauro max milton moises nelson nilton nivaldo norberto osvaldo oswaldo otavio patrick paulinho
raul reginaldo reinaldo ricardinho robson rodolfo romario ronaldo rui sandro saulo silvio tadeu thales tomas valdir valter
vicente vladimir walter washington wesley william willian yuri zeca ze juca joca chico
beto bia gabi rafa dani nando guto tati duda manu malu cida dudu tonho toninho tiao juninho
alejandra alejandro mateo santiago martina javier juan pablo andres carmen elena pilar lucia ximena guadalupe esteban ignacio
priya raj rahul amit anil sanjay vikram arjun deepak neha pooja anita sunita ravi suresh ramesh kiran aisha fatima omar ahmed
hassan yusuf mohammed muhammad mohamed ibrahim layla zainab wei mei yuki hiroshi kenji takashi haruto sakura jin hyun minji
chidi ngozi kwame amara kofi thabo olusegun ayodele chinedu
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony donald steven paul
andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
justin scott brandon benjamin samuel gregory alexander patrick jack dennis jerry tyler aaron henry douglas peter adam nathan zachary
kyle walter ethan jeremy christian keith roger terry sean noah austin liam oliver elijah lucas mason logan owen caleb isaac
luke dylan connor evan gavin ian jordan cameron colin declan harry oscar alfie archie callum finn jamie lewis rhys toby tom
tommy jim jimmy bob bobby mike mikey steve dave danny joe joey tony nick ben sam chris matt josh jake alan allen arthur barry
brett bruce carl clark clint craig curtis dale darren derek dustin edgar ernest eugene floyd fred gerald glenn gordon greg
harold howard jeff jerome jesse joel jon karl lance leonard leon lloyd louis marcus martin marvin melvin neil nigel norman
philip phillip quentin ralph randy raymond ricky rodney ronnie ross russell shane shawn simon stanley stuart todd travis trevor
troy vernon victor vincent wade wayne wesley
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret ashley kimberly emily
donna michelle amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela
emma nicole helen samantha katherine christine debra rachel catherine carolyn janet maria heather diane julie joyce victoria kelly
christina lauren joan evelyn olivia judith megan cheryl martha andrea frances hannah jacqueline ann gloria jean kathryn alice teresa
sara janice doris madison julia abigail sophia isabella mia charlotte amelia harper ella chloe natalie zoe ava emily aria
scarlett layla nora riley zoey hazel aurora violet stella lucy paisley claire savannah audrey brooklyn bella skylar leah
allison alexis anne annie beth betsy becky bridget brittany caitlin carrie cassandra chelsea claudia colleen courtney dana
danielle deanna denise diana eileen elaine ellen erica erin felicia gina gwen heidi holly irene jane janet jenna jenny jill
joanne jodie josephine judy kate katie kathy kayla kristen kristin leslie lindsay lorraine louise lynn maggie marie marilyn
meghan melanie meredith miranda molly monica naomi nina paige phoebe priscilla rachael regina renee rhonda rita roberta robin
sabrina sally shannon sheila sonia stacy sue susie tamara tanya tara tiffany tina tracy valerie vanessa vicky wendy whitney yvonne
`);

/** First names that are also everyday words: a name only when capitalised mid-sentence or after a cue. */
export const AMBIGUOUS_NAMES: ReadonlySet<string> = words(`
clara rosa graca luz paz gloria vitoria aurora flor estrela mel celeste serena alegria cruz caio marina dora
will mark bill grace hope may june april faith joy rich frank jack art rose ruby amber dawn eve ray drew chase hunter pat
sue gene dean carol holly ivy lily daisy penny sandy summer autumn august sky crystal brook cliff glen guy don jean max
miles grant nick rob chuck rusty robin bob sally page hazel violet paige jordan harper mason austin madison skylar leah
tom dale wade lance marco iris socorro honor dito branca gentil
`);

/** Surnames: after a first name they continue the name in any case. */
export const SURNAMES: ReadonlySet<string> = words(`
silva santos oliveira souza sousa rodrigues ferreira alves pereira lima gomes costa ribeiro martins carvalho almeida lopes
soares fernandes vieira barbosa rocha dias nascimento andrade moreira nunes marques machado mendes freitas cardoso ramos
goncalves santana teixeira araujo pinto correia cavalcanti castro campos monteiro moura batista melo mello farias cunha
reis azevedo nogueira miranda rezende resende barros borges coelho moraes morais pires fonseca guimaraes peixoto franco
figueiredo siqueira macedo medeiros brito xavier tavares dantas aguiar bezerra sampaio vasconcelos queiroz leite pacheco
amaral matos mattos rangel sales salles bastos prado toledo porto fontes brandao valente assis bueno paiva duarte camargo
magalhaes meireles miranda neves novaes novais cordeiro viana vianna jesus conceicao abreu albuquerque bittencourt amorim
falcao leitao romao braga lacerda lobo lins mota motta muniz portela quintana sa seixas severo simoes telles teles vargas
veloso vidal zanetti rossi ferrari bianchi romano ricci colombo esposito russo conti marino greco bruno gallo costa lombardi
nakamura tanaka suzuki yamamoto sato watanabe kobayashi ito takahashi oliveira kowalski schmidt muller mueller schneider
fischer weber meyer wagner becker hoffmann koch richter klein wolf neumann schwarz zimmermann braun hartmann krause
smith johnson williams brown jones miller davis garcia rodriguez wilson martinez anderson taylor thomas hernandez moore
martin jackson thompson white lopez lee gonzalez harris clark lewis robinson walker perez hall young allen sanchez wright
king scott green baker adams nelson hill ramirez campbell mitchell roberts carter phillips evans turner torres parker
collins edwards stewart flores morris nguyen murphy rivera cook rogers morgan peterson cooper reed bailey bell gomez kelly
howard ward cox diaz richardson wood watson brooks bennett gray james reyes cruz hughes price myers long foster sanders ross
morales powell sullivan russell ortiz jenkins gutierrez perry butler barnes fisher henderson coleman simmons patterson
jordan reynolds hamilton graham kim gonzales alexander ramos wallace griffin west cole hayes chavez gibson bryant ellis
stevens murray ford marshall owens mcdonald harrison ruiz kennedy wells alvarez woods mendoza castillo olson webb washington
tucker freeman burns henry vasquez snyder simpson crawford jimenez porter mason shaw gordon wagner hunter romero hicks dixon
hunt palmer robertson black holmes stone meyer boyd mills warren fox rose rice moreno schmidt patel ferguson nichols herrera
medina ryan fernandez weaver daniels stephens gardner payne kelley dunn pierce arnold tran spencer peters hawkins grant hansen
castro hoffman hart elliott cunningham knight bradley oconnor obrien oneill omalley dangelo davila doliveira mcbride mckenzie
fitzgerald gallagher byrne walsh doyle lynch quinn kavanagh brennan donnelly
diniz trajano marinho safra setubal moreira salles lemann telles sicupira batista gerdau ermirio klabin feffer
sharma patel singh kumar gupta shah khan ali ahmed hussain chen wang li zhang liu yang huang zhao wu zhou
`);

/** Name particles that join a first name to a surname ("Maria da Silva", "Ludwig van Beethoven"). */
export const PARTICLES: ReadonlySet<string> = words('da de do das dos di del della van von der den du le la ter ten bin ibn bint');

/**
 * Words that never start or continue a person's name: function words, fillers, everyday verbs
 * and the role nouns that follow cues like "falei com o" / "talk to" ("falei com o diretor").
 */
export const NOT_NAMES: ReadonlySet<string> = words(`
a o os as um uma uns umas e ou mas que se de da do das dos em no na nos nas por pelo pela para pra pro com sem sob sobre ate
eu tu ele ela nos vos eles elas voce voces vc vcs me te lhe mim ti meu minha meus minhas seu sua seus suas nosso nossa dele dela
isso isto aquilo esse essa este esta aquele aquela aqui ali la ai entao tambem ja ainda agora hoje ontem amanha depois antes
sim nao talvez bem mal muito pouco mais menos tudo nada todo toda todos todas algum alguma ninguem alguem cada outro outra
e foi era ser sou somos sao esta estou estamos tava to ta tem tenho temos vai vou vamos vem faz fazer fiz falou falei falar
disse diz pediu mandou ligou liga ligar manda mandar queria quero quer pode posso podemos acho achei sei sabe olha ne tipo
hum humm ahn eh uh um umm hmm er erm ok okay beleza certo claro obrigado obrigada valeu oi ola alo tchau bom boa dia tarde noite
gente pessoal galera cara mano senhor senhora time equipe cliente clientes fornecedor chefe diretor diretora gerente gestor
gestora dono dona socio socia presidente responsavel financeiro financeira juridico comercial compras suporte ti rh marketing
vendas pessoa pessoas colega colegas amigo amiga pai mae filho filha marido esposa irmao irma doutor doutora
the a an and or but if so of to in on at by for with from into about as than then that this these those there here
i you he she it we they me him her us them my your his its our their mine yours
is am are was were be been being do does did have has had will would can could should may might must shall
just really very too also still already now today tomorrow yesterday later soon yes no yeah yep nope not never always
hi hello hey thanks thank bye please sorry sure okay well oh ah um uh like
someone somebody everyone everybody anyone nobody team guys guy folks people person customer client vendor boss manager
director head lead owner founder partner ceo cfo cto coo cio vp legal finance procurement sales support it hr marketing
engineering security ops operations admin sir madam everyone friend colleague wife husband mom dad brother sister
speaking calling here who what when where why how which whose
all both again much lot lots anyway man world there everybody y'all todos todas viu mesmo demais novamente bastante geral povo turma
`);

/** Companies, brands and products that hold first names or follow name cues ("falei com a Natura"). */
export const ORGANISATIONS: readonly string[] = `
magazine luiza|casas bahia|lojas renner|renner|lojas americanas|americanas|pao de acucar|ponto frio|casas pernambucanas
mercado livre|mercado pago|banco do brasil|caixa economica|itau|bradesco|santander|nubank|inter|c6 bank|btg pactual|xp investimentos
natura|boticario|o boticario|ambev|petrobras|vale|embraer|totvs|localiza|hering|marisa|lojas marisa|havan|riachuelo|c&a
carrefour|assai|atacadao|ifood|rappi|stone|cielo|pagseguro|rede|getnet|vivo|claro|tim|oi|globo|rd station|rdstation|conta azul
salesforce|hubspot|pipedrive|zoho|gong|chorus|outreach|salesloft|clari|close|freshsales|monday|asana|notion|slack|zoom
microsoft|microsoft teams|teams|google|google meet|meet|amazon|aws|apple|meta|oracle|sap|ibm|dell|hp|lenovo|cisco|intel
walmart|target|costco|tesla|ford|disney|netflix|spotify|uber|airbnb|stripe|shopify|zendesk|intercom|twilio|atlassian|jira
johnson & johnson|procter & gamble|morgan stanley|goldman sachs|jp morgan|wells fargo|charles schwab|ernst & young
mcdonalds|mcdonald's|wendys|wendy's|tim hortons|dr pepper|jack daniels|jack daniel's|ben & jerrys|ben & jerry's|lincoln center|dr pepper
jackson hewitt|franklin templeton|papa john's|papa johns|jimmy john's|jimmy johns|ruth's chris|kate spade|michael kors|ray-ban|ray ban|booz allen hamilton|booz allen|john hancock|leroy merlin|little caesars|walt disney|hudson yards|lincoln financial|gremio|flamengo|corinthians|palmeiras|fluminense|botafogo|cruzeiro|vasco|muffato|angeloni
johnson and johnson|procter and gamble|ben and jerry's|ben and jerrys|marks and spencer|marks & spencer|barnes and noble|barnes & noble|tio joao|fundacao getulio vargas|getulio vargas foundation
chase bank|chase|harpercollins|harper collins|levi's|levis|dona benta|barclays|hsbc|lloyds|natwest|harley-davidson|harley davidson|raymond james|edward jones|
jack henry|paul mitchell|hunter douglas|ralph lauren|calvin klein|tommy hilfiger|john deere|hudson bay|hudson's bay|bank of america|citibank|citi|capital one|american express|amex|victoria's secret|victorias secret|victoria secret|gap|old navy|banana republic|home depot|lowe's|lowes|best buy|kroger|safeway|whole foods|trader joe's|trader joes|macy's|macys|nordstrom|sears|kohl's|kohls|walgreens|cvs|wendy|arby's|chick-fil-a|dunkin|starbucks|subway|domino's|kfc|burger king|coca-cola|coca cola|pepsi|pepsico|nestle|unilever|kraft|heinz|kellogg's|kelloggs|ralph lauren|tommy hilfiger|calvin klein|hugo boss|louis vuitton|tiffany|tiffany & co|marriott|hilton|hyatt|kaiser|kaiser permanente|mayo clinic|cleveland clinic|johns hopkins|mercy hospital|st jude|deloitte|accenture|mckinsey|kpmg|pwc|fedex|ups|dhl|boeing|lockheed martin|john deere|caterpillar|honda|toyota|mercedes|mercedes-benz|porsche|ferrari|volkswagen|chevrolet|chevy|cnn|fox news|abc|nbc|cbs|bbc|espn|hbo|hulu|paramount|warner bros|ambev|heineken|brahma|skol|itau unibanco|sicredi|sicoob|unimed|hapvida|amil|bradesco saude|sulamerica|porto seguro|hospital albert einstein|albert einstein|sirio libanes|santa casa de misericordia|santa casa|rede globo|globo|record|sbt|band|gerdau|weg|suzano|braskem|jbs|brf|sadia|perdigao|seara|marfrig|raizen|cosan|ultrapar|ipiranga|shell|ypê|ype|tramontina|havaianas|alpargatas|arezzo|hering|reserva|centauro|netshoes|kabum|submarino|shoptime|dafiti|zattini|quinto andar|quintoandar|loft|olx|webmotors|cabify|picpay|neon|original|banco original|banco pan|safra|banco safra|bmg|daycoval|sofisa|votorantim|camargo correa|odebrecht|andrade gutierrez|mrv|cyrela|tenda|even|gafisa|
alexa|siri|cortana|einstein|watson|copilot|gemini|chatgpt|power bi|sales cloud|service cloud|dynamics|excel|word|outlook
`.split(/[|\n]/).map((s) => s.trim()).filter(Boolean);

/** Cities and states that read like names ("São José dos Campos", "João Pessoa", "Santos"). */
export const PLACES: readonly string[] = `
new south wales|queensland|victoria|tasmania|western australia|south australia|northern territory|british columbia|manitoba|saskatchewan|nova scotia|new brunswick|newfoundland|karnataka|maharashtra|tamil nadu|kerala|telangana|gujarat|rajasthan|west bengal|uttar pradesh
brooklyn|the bronx|bronx|manhattan|harlem|williamsburg|soho|tribeca|chelsea|shoreditch|camden|hackney|kensington|mayfair|notting hill|bandra|andheri|koramangala|indiranagar
sao paulo|sao jose dos campos|sao jose do rio preto|sao jose|sao bernardo do campo|sao bernardo|sao caetano do sul|sao caetano
sao luis|sao carlos|sao vicente|sao leopoldo|sao goncalo|sao joao del rei|santo andre|santa catarina|santa maria|santa cruz
santa rita|santa isabel|santa teresa|espirito santo|rio de janeiro|rio grande do sul|rio grande do norte|belo horizonte
porto alegre|joao pessoa|juiz de fora|campina grande|ribeirao preto|vitoria da conquista|feira de santana|foz do iguacu
santos|salvador|natal|vitoria|florianopolis|curitiba|campinas|fortaleza|recife|manaus|belem|goiania|brasilia|teresina
maceio|aracaju|cuiaba|londrina|maringa|joinville|blumenau|sorocaba|osasco|guarulhos|niteroi|petropolis|uberlandia|jundiai
san francisco|san diego|san jose|san antonio|santa monica|santa clara|santa barbara|st louis|saint louis|saint paul|st paul
los angeles|las vegas|new york|new jersey|new orleans|washington|austin|charlotte|madison|jackson|lincoln|houston|dallas
jackson hole|fort wayne|chapel hill|raleigh|durham|grand rapids|kansas city|fort worth|salt lake city|virginia beach|colorado springs|oklahoma city|st petersburg|saint petersburg|santa fe|santa ana|santa rosa|santa cruz|san mateo|palo alto|mountain view|park city|provo|cape town|long beach|baton rouge|little rock|des moines|ann arbor|green bay|el paso|corpus christi|fort lauderdale|west palm beach|newport beach|beverly hills|silicon valley|bay area|new england|south carolina|north carolina|south dakota|north dakota|west virginia|rhode island|new hampshire|new mexico|hong kong|buenos aires|mexico city|cidade do mexico|tel aviv|abu dhabi|kuala lumpur|rio verde|rio claro|rio branco|campo grande|campos dos goytacazes|duque de caxias|nova iguacu|sao lourenco|lauro de freitas|porto velho|boa vista|macapa|palmas|anapolis|aparecida de goiania|santa rita|montes claros|governador valadares|ipatinga|divinopolis|pocos de caldas|pouso alegre|varginha|jaragua do sul|balneario camboriu|itajai|chapeco|criciuma|caxias do sul|pelotas|passo fundo|santa cruz do sul|novo hamburgo|gramado|canoas|cascavel|foz|ponta grossa|guarapuava|toledo|umuarama|presidente prudente|sao jose dos pinhais|bauru|marilia|araraquara|piracicaba|limeira|americana|indaiatuba|itu|franca|barretos|taubate|guaratingueta|mogi das cruzes|mogi mirim|braganca paulista|atibaia|valinhos|vinhedo|paulinia|sumare|hortolandia|campos do jordao|ilhabela|ubatuba|caraguatatuba|
acre|alagoas|amapa|amazonas|bahia|ceara|distrito federal|goias|maranhao|mato grosso|mato grosso do sul|minas gerais|paraiba|parana|pernambuco|piaui|rondonia|roraima|sergipe|tocantins|
alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|
louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new mexico|
north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|
west virginia|wisconsin|wyoming|ontario|quebec|alberta|
sacramento|georgia|virginia|denver|phoenix|boston|chicago|seattle|portland|orlando|miami|atlanta|detroit|london|paris|lisboa|lisbon|porto|madrid
`.split(/[|\n]/).map((s) => s.trim()).filter(Boolean);

export const TLDS: ReadonlySet<string> = words('com br org net io gov edu co uk us info biz me app dev ai tech pt de es fr it ca au mx ar cl online site store in ie nz za jp cn sg hk nl ch se dk fi pl eu ae int ac tv xyz cloud design agency digital studio shop email team solutions global group company works life space live ly gg fm media network systems consulting services blog page tools software finance capital health energy legal law club world today');
export const MAIL_PROVIDERS: ReadonlySet<string> = words('gmail hotmail outlook yahoo uol bol icloud live terra ig protonmail');

/**
 * More first names (Brazilian, including the -son/-ton/-ane coinages common in Brazil, and
 * English, with nicknames), merged into FIRST_NAMES below. Matched in any case.
 */
const MORE_FIRST_NAMES = words(`
kleiton cleiton kleber cleber everton ewerton jurandir gilvan renan sidnei sidney joice lucimar ederson edson gislaine gisele
valdemar waldemar italo rosilene luciene osmar wanderson wanderley vanderlei rayssa raissa nilson nilza iolanda daiane dayane
fagner cassia glauber anselmo edivaldo cristiano josimar josiel josineide josefa josiane rosineide rosimeire rosimar
marlene marlon maicon maycon jeferson jefferson weslley wellington welington uelinton hudson jackson jailson jaison
kelvin kevin keven kaio caique kaique cauã caua kaua ruan rian ryan luan iago yago tiago thiago samuel sabino severino
valmir valdir valdeci valdecir aldair adair adenilson adriele adrielle aldenir alcione alzira amelia ariane ariel arlete
beatriz benedita bete betina brenda bruna carina celina cleide cleusa creuza cristiane dalva darlene deise deisiane
denilson denise dilma dirce edilene edileusa edite elaine elen ellen eliana eliete elisete elza eunice evelin evelyn
fabiola geisa gilda gildete glaucia graziele greice helena heloisa hilda ilda iracema irani irene isabel ivana ivete izabel
jandira janete jaque jordana josy juceli jucelia jurema kaline keila kely lana leide lenita lidiane lindalva lucineia
luzia madalena maiara maira marcela margarete margarida marilda marilia marinalva marinete marisa marli marluce marta
mirela mirian nadir nair natasha neusa nilda norma odete olivia penha raimunda regiane rejane rosane roseane roselene
rosilda rute ruth selma silmara silvana sirlei sonia suelen suely taina tainara tamires tatiana telma thaina thayna
valdete vanda vanusa vilma yasmin zilda zuleide
abel abilio acacio adalberto ademar afonso agenor aguinaldo airton ayrton alan alceu aldemir alessandro alexsandro
alfredo almir altair amaro americo anacleto andrei antenor aristides armando arnaldo artur atila augusto aurelio bartolomeu
benicio bento brayan caetano carlito cassiano celio cezar clovis cristovao dalton damiao davison delfino dener
dirceu dorival edmundo edvaldo elton elvis emanuel emerson enio erasmo ernesto euclides evandro expedito ezequiel fausto
felipe filipe firmino flavio francisval gabriel genesio genivaldo germano getulio gildo gilmar givaldo gleison gleidson
heber helder heraldo hermes horacio irineu isaias isaque itamar ivo jacinto jadson jairo jamerson jander jeova joaquim
joselito josivaldo jovino juarez julio jurandyr kennedy lazaro leomar leonardo lindomar lucio luizinho manoel marciano
mariano marinaldo mateus mauricio messias milton moacir natanael nelio nestor newton nicolas nilo noel odair olavo onofre
orlando osmar otacilio pedrinho quiteria ramon reginaldo reinaldo robert roberval rodney rogerio romeu romulo ronan
rosivaldo sandoval sebastiao severino silas silvano sinval tadeu teodoro ubiratan ulisses valdomiro vagner wagner
valter wilson wilton wilker zacarias zeca
akemi yumi emi keiko kenji hiroshi takeshi takashi haruki sato yuka yoko naomi hana hideo akira kazuo shigeru makoto
satoshi yoshio tomoko mariko midori sakura kaori
giuseppe giovanni francesca giulia lorenzo alessandra matteo luca marco paolo enrico vittorio carla chiara giorgio
klaus hans jurgen gunther wolfgang helmut dieter heidi ursula gertrud frieda fritz heinz ingrid greta otto karl
samir jamil habib nabil rafik karim khalil salim tarek munir fuad jorge nagib zaki amin hadid leila samira yasmin
farah nadia soraya jihad kamal
kwame kofi kojo abena chiamaka chidi chinedu ngozi oluwaseun olusegun ayodele adebayo babajide tunde femi folake
amara zuri nia imani jabari thiago
kayden kaden jayden brayden aiden brianna breanna dwayne duane mckenzie mackenzie tyrone darnell darrell lucille oswald
wendell ezra clayton gretchen adrian vince vinny vinnie ellie doug dougie brad carly marianne tess deb debbie hal nate
lydia yvette gus bea lou wes marty tatum liz lizzie pete stevie shonda kendra jasmine kristopher nolan anson benny
roxanne fergus andy rodney everett gilbert jamal deshawn latoya keisha tamika shanice monique jerome terrence cornelius
reginald demetrius marquis andre antoine lamar darius malik jalen trevon trey tanisha ebony aaliyah imani
abby addison adeline agnes alyssa amber angie april ashlyn aubrey autumn bailey bernadette beverly blake bonnie
brianne brooke caitlyn callie camille candace carla carmen carol caroline casey cassie cecilia celeste charlene
charlie cheryl cindy claudia connie constance cora cory daisy darla daphne dawn delia della dolores dorothy edith
eleanor eliza ella eloise elsie emilia esther ethel eva faye fiona florence gail genevieve georgia geraldine gillian
ginger gladys glenda grace greta hailey harriet hattie heidi helena hilary ida imogen irma isla ivy jackie jade jeanette
jenna jillian joann jocelyn jolene josie joy juanita june kara karin kasey katrina kaylee kelsey kerry kimberly kirsten
krista lacey lana lena lila lillian lily lindsey lisa lola loretta lorna lucinda lula mabel mae mallory mandy marcy
margo marian marjorie marla marsha mavis maxine melinda mildred millie mindy minnie miriam misty myra nadine nellie
nora norma olive opal patsy pauline pearl peggy penelope polly rosalind rosemary rosie roxy ruth sadie selena selma
shelby sheryl sierra sophie stacey sylvia tabitha tammy tess thelma trisha trudy ursula velma vera verna viola virginia
vivian wanda willa wilma winifred yolanda zelda
abe alfred alvin ambrose archibald arnold barney basil bernard bert bradley brendan brent brody bryce buck byron
calvin casey cecil cedric chad chester chip clarence claude clifford clyde cody conrad cyril dalton damian damon darryl
dexter dominic donovan dudley duncan dwight earl eddie edmund edwin elliot elliott elmer elton emmett errol ervin everett
felix fergus fletcher forrest francis franklin freddie gabe garrett gene geoffrey gideon gilbert graham griffin hank
harvey hector herbert herman homer horace hugh hugo irving ivan jacques jared jasper jay jeffery jerald jeremiah
jethro joel johnny julian julius kurt lamont lawrence lenny leroy lester lionel lonnie lowell luther malcolm manny
marshall maurice maynard mitchell monty morgan morris murray ned neville nolan norbert oliver orville otis percy
perry preston quincy randall reggie rex rhett rodney roland roscoe rudy rufus rupert sal salvador seth sheldon sherman
sid silas sonny spencer sterling stu sylvester ted teddy terrence theo theodore thaddeus tobias tristan ulysses
vaughn vic virgil wallace walt warren wilbur wilfred willard winston woody zack zeke
nikolai dmitri sergei sergey ivan olga natasha svetlana vladimir boris igor anastasia yuri pavel
siobhan aoife niamh ciaran padraig seamus eoin saoirse
mei lin ling xiao jun hui yan ming
`);

/** More surnames, merged into SURNAMES below. */
const MORE_SURNAMES = words(`
haddad saad khalil nassar jabour maluf farah chaves aziz hamad salomao sarkis abdalla mansur kassab
okafor mensah okonkwo adeyemi obi nwosu boateng asante diallo traore ndiaye kone
watanabe matsumoto hayashi yamada sakamoto inoue kimura shimizu yamaguchi ogawa okada fujita nishimura
ishikawa maeda hasegawa murakami kondo ishii saito aoki endo ikeda
muller mueller schulz lehmann kruger kraus vogel jung frank berger kaiser fuchs lang weiss
bianchi lombardi ferrante marchetti galli barbieri rinaldi caruso moretti fontana santoro mariani conte
petrov ivanov smirnov popov volkov sokolov
dubois durand lefebvre moreau laurent girard bonnet fontaine picard
ferraz chagas coutinho dutra furtado garcia godoy goes gusmao jardim lacerda lara leal maia malta meirelles mesquita
montenegro nobrega pimentel quintela rebelo sarmento serpa sobral tenorio uchoa valadares veiga
andrade bittencourt cavalcante galvao guerra lemos loureiro marinho moraes prates queiroz santiago vilela
albright barrett bittner reese anders tate sampson ferrante morales quinn pereira mendes sousa
mcallister macdonald mcdonald o'brien o'neill o'connor
`);

for (const w of MORE_FIRST_NAMES) (FIRST_NAMES as Set<string>).add(w);
/**
 * Round 3 (issue 13): first names from more markets — modern Brazilian coinages, Polish, Irish,
 * Scottish and Welsh, Spanish, Nordic, Dutch, Italian, Nigerian and Ghanaian, Indian, Japanese,
 * Arabic, African-American and old-fashioned English names. Written from general knowledge, not
 * from any blind set (names used in pii-blind3.txt were deliberately left out).
 */
const WORLD_FIRST_NAMES = words(`
adaeze agnieszka agustin ahmad aishwarya aisling ajay akosua alasdair aminata aminu anand ananya angus anjali antonella 
ariosvaldo arivaldo astrid augustus avery ayesha ayla babatunde barnaby bilal bjorn braden bram bronwen bryan caden 
caoimhe carys caue cerys chiquinho ciara cidinha cledson colton consuelo corey cormac daan darragh dashawn davy deivid 
deivison dheniffer dinesh dito divya edinaldo ednaldo eilidh elisson ellsworth eloah emanuelly emeka emilio emilly 
erivaldo ezekiel fatma fatou femke fionn fraser freya funmilayo gael ganesh gareth gerson gervasio giacomo gianluca 
gianna girlene gislene grzegorz hamish hamza hayden heleno henrik hollis honorio hussein ifeanyi ignatius inmaculada 
isabelly jakub jarred jarrod jaylen jebediah jenifer joaquin joost jucelino kaito katarzyna kauane kauany kavya kawan 
kellyann khadija krzysztof kuldeep kwabena lakeisha lakshmi landon lars lavinia leopold levi lieke luane lucineide 
ludmila ludmilla lukasz lupe lurdes maarten mahesh maite malgorzata marek mariam maribel marieke mariela marielle 
marineide marisol marquise maryam marybeth matias meera mirella moacyr morag mortimer moussa mukesh musa mustafa naveen 
nils nisha nnamdi noor nour obadiah obinna odette odila odilon oisin olumide orla owain pawel percival peyton pieter 
pietro piotr pradeep praveen raiane rajesh rakesh rashid ravindra rayana rayane reagan rivaldo rocio rohit roisin rowan 
sandeep sanne sawyer shaniqua shreya sian sigrid sinead soledad solveig sven swati taciana tariq thaisa thijs tomasz 
tomek tonico trent tyson ubirajara uche valdirene vanuza vijay vivek wojciech yasmim yetunde ygor youssef yuto zaid 
zezinho zofia
`);
for (const w of WORLD_FIRST_NAMES) (FIRST_NAMES as Set<string>).add(w);

for (const w of MORE_SURNAMES) (SURNAMES as Set<string>).add(w);

/**
 * Round 5 (issue 13): first names and surnames of more origins, common in Brazil and in English-speaking
 * markets — Japanese (and Okinawan) as in Brazil's Nikkei community, Arabic and Levantine, Italian, Indian,
 * West, East and Southern African, Korean, Chinese, Polish and Russian. Written from general knowledge, not
 * from any blind set; the names of training/pii/dev5-holdout.txt were deliberately left out.
 */
const ROUND5_FIRST_NAMES = words(`
hideki hideaki takumi ryota daiki kenta shota yuta kaito sota riku hinata yui aoi mio miyu koharu ayumi megumi
junko noriko kazuko michiko sachiko yoshiko masako hiroko kumiko ayaka misaki nanami haruka chika kenzo
kiyoshi isamu minoru osamu tadashi susumu mitsuo tetsuya nobuo toshio hajime jiro ichiro saburo shinji takuya
yusuke daisuke kohei masato tsuyoshi naoki yoshiro hiromi harumi tamiko fumiko setsuko yasuko emiko reiko
mahmoud khaled khalid kareem tarek walid rami fadi ziad bilal amir faisal fahad saeed rashid hamid majid adel
anwar bashir hisham imad marwan nadim nizar osama raed saleh sami sharif talal wael yasser abdul abdullah
amira nour salma hiba huda iman jamila lina maha rana reem rasha dalia dina ghada hala hanan lubna manal mona
nawal randa suha zeina yara giancarlo gianluca giuseppe francesca giulia lorenzo matteo luca paolo enrico
vittorio chiara giorgio stefano massimo maurizio fabrizio vincenzo domenico pasquale raffaele gennaro rocco
emanuele federico filippo gabriele jacopo mattia nicola pietro riccardo tommaso valerio alessia beatrice
camilla federica giorgia ilaria martina rosaria concetta giuseppina assunta carmela lucrezia ornella donatella
loredana patrizia graziella aarav aditya rohan karan varun ankit nikhil manish pankaj harish girish arvind
sachin tarun vishal ishaan kabir priyanka neha pooja divya kavya meera shreya swati nisha deepa rekha asha
geeta radha aishwarya ananya aditi riya sneha shalini preeti kavita sonal tanvi isha ritu jyoti vandana
archana tanvir siddharth sunil suresh chiamaka chioma chukwuma ikechukwu amaka ebere ifeoma oluwadamilare
bolanle temitope kemi yemi seun segun dayo kunle kwaku kwasi akosua efua akua adjoa esi wanjiru wambui njeri
baraka zawadi sipho themba mandla lerato nomvula naledi kagiso tatenda farai chipo rudo uchenna ngozi nnamdi
kwabena kofi amara min-jun ji-ho seo-yeon ji-woo hyun-woo jae-won soo-jin eun-ji hye-jin min-ji ji-hoon
seung-hoon xiaoming xiaoli jianguo weiwei lihua agnieszka katarzyna malgorzata tomasz piotr pawel krzysztof
marek jakub dmitri nikolai sergei olga tatiana anastasia svetlana natalia irina ekaterina yekaterina oksana
`);
const ROUND5_SURNAMES = words(`
suzuki takahashi watanabe ito kobayashi kato yoshida yamada yamaguchi matsumoto inoue kimura hayashi shimizu
yamazaki mori ikeda hashimoto ishikawa nakajima nakashima maeda fujita ogawa goto okada hasegawa murakami
kondo ishii saito sakamoto endo aoki fujii nishimura fukuda miura fujiwara okamoto matsuda nakagawa nakano
harada tamura takeuchi kaneko wada nakayama ueda morita shibata sakai kudo yokoyama miyazaki miyamoto uchida
takagi taniguchi maruyama imai takada takeda murata sugiyama masuda sugawara hirano kojima otsuka kubo matsui
iwasaki sakurai kinoshita noguchi matsuo nomura kikuchi onishi sugimoto arai hamada ichikawa furukawa mizuno
komatsu shimada koyama takano nishida nishikawa igarashi kitamura yasuda nakata kawaguchi hirata kawasaki
yoshikawa kubota sawada tsuji yoshimura iwamoto nakanishi hattori kawakami tsuchiya okazaki higa oshiro
kaneshiro miyagi tamashiro shiroma yonamine chinen kinjo miyashiro uehara nagata ogata okubo sato yamamoto
nakamura tanaka haddad khoury khouri saad abboud nassif maluf sarkis jabour aziz hamad kassab mansur mansour
abdalla bechara daher hajjar karam nader rizk sabbagh tannous younes zogbi zahran mattar feres assad hariri
kassis saleh nasr habib hamdan awad ghanem shaheen sleiman darwish kanaan qasim rahman abdullah hussain
al-sayed sayed el-khoury elkhoury bitar chamoun salame salameh nehme jaber esposito bianchi colombo ricci
marino greco gallo conti mancini giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi
caruso ferrara galli martinelli vitale lombardo coppola marchetti parisi ferraro ferri fabbri marini valentini
messina gatti pellegrini palumbo sanna farina rizzi cattaneo morelli silvestri mazza grassi pellegrino carbone
giuliani benedetti barone rossetti caputo montanari palmieri bernardi ferretti basile donati piras vitali
battaglia sartori costantini milani pagano ruggiero sorrentino bortolotto bortolini bortoluzzi zanella zanetti
pavan tonin zago brambilla castelli matarazzo pasqualini zambon trevisan zanin piccolo andreazza cavalli
lazzari marchi mazzoni bonetti brunetti fiorentino gasparini mehta joshi desai reddy rao iyer nair menon
pillai krishnan raghavan subramanian chatterjee banerjee mukherjee ghosh dutta chaudhary chopra kapoor
malhotra khanna bhatia arora agarwal aggarwal bansal jain mittal saxena srivastava verma yadav mishra pandey
tiwari dubey trivedi chauhan rathore thakur naidu shetty hegde kulkarni deshpande patil jadhav pawar bhatt
parekh sethi bajaj goel garg sinha tripathi bhattacharya chakraborty ganguly mehra kohli dhillon sandhu grewal
sidhu okafor okonkwo adeyemi nwosu boateng asante diallo traore ndiaye mensah owusu osei appiah agyeman
danquah ofori ansah okeke nwachukwu okoro onyeka chukwu adeleke ogunleye balogun abubakar danjuma kamau otieno
mwangi ochieng njoroge kariuki nkosi dlamini ndlovu khumalo mokoena sithole mthembu oyelowo okoye ezeh choi
jung kang yoon jang kwon hwang hong jeon baek heo zhang liu chen huang zhao zhou xu guo gao luo zheng liang
xie feng deng peng zeng xiao tian jiang cheng wei shen yao cui zhong liao jia xia zou meng xiong qin qiu xue
duan hou kowalczyk wisniewski wojcik kaminski lewandowski zielinski szymanski wozniak dabrowski kozlowski
jankowski mazur kwiatkowski krawczyk piotrowski grabowski nowakowski pawlowski michalski nowicki adamczyk
dudek wieczorek jablonski majewski olszewski jaworski malinowski pawlak witkowski walczak gorski rutkowski
sikora ostrowski kuznetsov vasiliev mikhailov novikov fedorov morozov alekseev lebedev semenov egorov pavlov
kozlov stepanov nikolaev orlov andreev makarov nikitin zakharov zaitsev borisov yakovlev romanov sergeev
frolov dmitriev korolev gusev polyakov sorokin medvedev antonov tarasov zhukov baranov komarov petrova ivanova
smirnova
`);
for (const w of ROUND5_FIRST_NAMES) (FIRST_NAMES as Set<string>).add(w);
for (const w of ROUND5_SURNAMES) (SURNAMES as Set<string>).add(w);

/** Words that end a name as a generational suffix ("José dos Santos Neto", "Robert Downey Jr."). */
export const NAME_SUFFIXES: ReadonlySet<string> = words('filho neto junior jr sobrinho segundo ii iii iv sr');

/**
 * Common Portuguese and English words that are not first names: a lowercase word outside the
 * name lists is taken for a name after a cue or before a speech verb only when it is not here
 * (nor in NOT_NAMES).
 */
export const COMMON_WORDS: ReadonlySet<string> = words(`
departamento department equipe setor divisao diretoria accounts payable receivable
holding suprimentos familia velho velha proprio propria encarregado encarregada dito dita innit visse oxe actually basically
probably definitely currently usually honestly obviously literally mostly
banco sistema contrato planilha proposta empresa loja fornecedor financeiro juridico comercial suporte compras vendas
diretoria conselho board cliente grupo time equipe pessoal setor area departamento gerencia coordenacao matriz filial
sede escritorio fabrica governo prefeitura estado mercado concorrente concorrencia parceiro parceira produto projeto
plano servico modulo app aplicativo site portal email e-mail whats zap telefone celular link arquivo documento boleto
nota relatorio pedido orcamento preco valor desconto prazo contato numero endereco cadastro treinamento demo reuniao
call ligacao chamada mensagem resposta retorno dado dados acesso senha usuario usuarios conta licenca licencas
ti rh dp sac ceo cfo cto coo vp gerente diretor diretora analista coordenador coordenadora supervisor supervisora
vendedor vendedora consultor consultora tecnico tecnica engenheiro engenheira advogado advogada contador contadora
comprador compradora dono dona socio socia chefe presidente secretaria secretario recepcao portaria logistica
controladoria engenharia seguranca operacoes qualidade marketing produto
ontem hoje amanha cedo tarde noite semana mes ano segunda terca quarta quinta sexta sabado domingo
janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro
nao sim ja ainda tambem so entao ai la aqui ali tipo ne ta to ok
back again now then later there here soon all both everyone everybody someone somebody anyone nobody nothing
something it its this that they them we you he she me him her us i
finance legal support procurement sales marketing engineering security operations ops management leadership
accounting purchasing product design research it hr admin billing payroll logistics shipping controlling
team company customer client vendor supplier partner competitor bank system board office store plant factory
headquarters hq branch department group committee council government
manager director lead head owner founder ceo cfo cto vp analyst engineer developer buyer seller rep consultant
lawyer accountant assistant secretary reception receptionist coordinator supervisor
contract proposal quote invoice budget price discount deadline deal demo meeting call email mail message phone
number address account license report order ticket file link access password user users data spreadsheet
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight morning afternoon evening
january february march april may june july august september october november december week month year
the a an my our your his her their this that these those some any every each no
because about after before since until while over off out up down around through production appreciated kickoff
porque depois antes durante sobre entre
`);

/**
 * Departments, teams, roles, offices, institutions, systems and tools: the words that fill the
 * subject and recipient slots of a person ("o financeiro pediu", "liguei pra central", "falei com
 * o atendimento", "attention accounts payable") without being one. Merged into COMMON_WORDS.
 */
const UNIT_WORDS: ReadonlySet<string> = words(`
atendimento central operadora transportadora transportador seguradora corretora corretor ouvidoria tesouraria auditoria
contabilidade contabil faturamento cobranca almoxarifado expedicao estoque frete armazem deposito recebimento integrador
integradora distribuidor distribuidora revenda revendedor revendedora representante representacao fabricante montadora
franquia franqueado franqueadora unidade unidades regional diretoria presidencia superintendencia gerencia coordenacao
comite comissao nucleo squad celula sindicato cartorio justica tribunal ministerio agencia cooperativa imobiliaria
assessoria consultoria hospital clinica escola faculdade universidade laboratorio fiscal tributario credito risco
compliance governanca infra infraestrutura implantacao onboarding sucesso cs csm pre-venda pos-venda inteligencia
atendente recepcionista estagiario estagiaria assistente auxiliar operador motorista entregador gestor gestora executivo
executiva procurador procuradora auditor auditora controller tesoureiro tesoureira comprador compradora
robo bot chatbot alerta servidor plataforma ferramenta crm erp api integracao painel dashboard automacao ura
accounts payable receivable treasury audit auditor billing collections dispatch helpdesk servicedesk desk warehouse
carrier insurer underwriter underwriting distributor reseller dealer franchise franchisee union court agency ministry
bureau registry clinic hospital school university lab plant depot pricing revops salesops enablement success
onboarding implementation compliance risk facilities infosec infra infrastructure devops sre qa payments tax
committee commission steering leadership executive executives exec execs staff crew squad panel
helpdesk dashboard portal bot app platform tool crm erp server alert integration
`);
for (const w of UNIT_WORDS) (COMMON_WORDS as Set<string>).add(w);

/** Nouns after which a capitalised name-like word is a product or plan ("o plano Rosa", "the Aurora product"). */
export const PRODUCT_HEADS: ReadonlySet<string> = words('plano produto linha pacote modulo versao edicao colecao marca plan product line package module version edition tier collection brand model');

/** Names from MORE_FIRST_NAMES that are also everyday words, merged into AMBIGUOUS_NAMES. */
for (const w of words('norma nadir noel bento amaro expedito messias marciano ariel altair newton kennedy jade ginger olive opal pearl misty sterling chip buck hank rex sal chad jay ted earl lamar marquis major gene joy june april autumn dawn amber daisy ivy lily grace faye hope bailey casey carol penny perry warren spencer marshall morgan griffin graham lin ling jun yan mae kerry cory frank sonny rusty sunny'))
  (AMBIGUOUS_NAMES as Set<string>).add(w);
