/**
 * Common first names in Brazil and English-speaking markets (folded: lower case, no accents).
 * Names that are also everyday words at the start of a sentence ("Will", "May", "Mark",
 * "Rosa", "Vitória"…) are left out on purpose: redacting them would garble transcripts.
 */
const PT = `ana maria francisca antonia adriana juliana marcia fernanda patricia aline sandra camila amanda bruna jessica leticia julia
luciana vanessa mariana gabriela vera beatriz larissa carla simone daniela debora raquel renata tatiana claudia priscila luana
natalia cristiane andreia fabiana eliane rafaela elaine monica viviane silvia isabela sabrina bianca carolina paula lucia helena
joana luiza giovana livia manuela alice valentina laura sophia heloisa lorena yasmin clara cecilia eduarda isadora marta regina
jose joao antonio francisco carlos paulo pedro lucas luiz marcos luis gabriel rafael daniel marcelo bruno eduardo felipe raimundo
rodrigo manoel mateus andre fernando fabio leonardo gustavo guilherme leandro tiago anderson ricardo marcio jorge sebastiao alexandre
roberto edson diego vitor sergio claudio matheus thiago joaquim geraldo adriano luciano julio renato alex vinicius rogerio samuel
ronaldo mario flavio igor henrique otavio caio enzo miguel arthur heitor davi bernardo murilo rubens wagner wellington cesar`;
const EN = `james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony donald steven paul
andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
justin scott brandon benjamin samuel gregory alexander patrick jack dennis jerry tyler aaron henry douglas peter adam nathan zachary
kyle walter ethan jeremy christian keith roger terry sean noah austin
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret ashley kimberly emily
donna michelle carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela
emma nicole helen samantha katherine christine debra rachel catherine carolyn janet maria heather diane julie joyce victoria kelly
christina lauren joan evelyn olivia judith megan cheryl martha andrea frances hannah jacqueline ann gloria jean kathryn alice teresa
sara janice doris madison julia abigail sophia isabella mia charlotte amelia harper ella chloe lily natalie zoe`;

export const FIRST_NAMES: ReadonlySet<string> = new Set(`${PT} ${EN}`.split(/\s+/).filter(Boolean));
