import type { Battlecard } from './competitors';

/**
 * Competitors watched when the store has no battlecards yet (the CLI on a fresh data dir).
 * Aliases cover how people and recognisers write them; the detector adds fuzzy matching.
 */
export const DEFAULT_COMPETITORS: Battlecard[] = [
  { id: 'gong', competitor: 'Gong', aliases: ['Gong.io', 'gongue'] },
  { id: 'chorus', competitor: 'Chorus', aliases: ['Chorus.ai', 'ZoomInfo Chorus'] },
  { id: 'salesforce', competitor: 'Salesforce', aliases: ['Sales Force', 'Salesforce Einstein', 'SFDC'] },
  { id: 'hubspot', competitor: 'HubSpot', aliases: ['Hub Spot', 'rubspot'] },
  { id: 'pipedrive', competitor: 'Pipedrive', aliases: ['Pipe Drive', 'paipedraive'] },
  { id: 'rd-station', competitor: 'RD Station', aliases: ['RDStation', 'erre de station', 'erre dê station'] },
  { id: 'outreach', competitor: 'Outreach', aliases: ['Outreach.io'] },
  { id: 'salesloft', competitor: 'Salesloft', aliases: ['Sales Loft'] },
];
