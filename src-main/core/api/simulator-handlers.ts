import type { Handlers } from './dispatch';
import { CoreError } from '../../../src-shared/errors';
import { runSimulation } from '../simulator/engine';
import { wordBuyerLine } from '../simulator/llm-buyer';
import { personaVoiceFromSettings } from '../llm/persona';
import { deleteSimulationRun, getSimulationRecord, purgeExpiredSimulations, saveSimulation, simulationHistory } from '../simulator/history';
import { findPersona, findScenario, library } from '../simulator/library';
import { restorePersona, restoreScenario, savePersona, saveScenario } from '../simulator/content-store';
import type { Core } from '../core';
import { simulate } from '../simulator/simulate';
import { scriptCoverage } from '../simulator/script';
import { scoreCall } from '../simulator/score-call';
import { attachClips, clipTurns, readClip, removeClips } from '../simulator/audio-clips';
import { listenTurn, renderBuyerVoice, transcribeTurn } from '../simulator/voice';

/** Every edit of the library tells open pages (Simulator, Team) to reload it. */
const changed = <T>(core: Core, value: T): T => {
  core.events.emit('simulator.libraryChanged', {});
  return value;
};

export const simulatorHandlers = {
  'simulator.library': (p, core) => library(p.language, core.store),
  'simulator.persona.save': (p, core) => changed(core, savePersona(core.store, p)),
  'simulator.persona.restore': (p, core) => changed(core, restorePersona(core.store, p.rowId)),
  'simulator.scenario.save': (p, core) => changed(core, saveScenario(core.store, p)),
  'simulator.scenario.restore': (p, core) => changed(core, restoreScenario(core.store, p.rowId)),
  'simulator.turn': async (p, core) => {
    const from = { store: core.store, language: p.language };
    const scenario = findScenario(p.scenario, from);
    const persona = findPersona(p.persona ?? scenario.persona, from);
    const run = runSimulation({ persona, scenario, language: p.language, seed: p.seed, answers: p.answers });
    if (run.unused > 0) throw new CoreError('conflict', 'the buyer already ended this meeting: finish the run to see the score');
    const transcript = run.transcript.map((t) => ({ speaker: t.speaker, text: t.text }));
    const voice = p.llm ? personaVoiceFromSettings(core.settings(), core.policy) : null;
    const worded = await wordBuyerLine(voice, { persona, scenario, language: p.language, transcript: run.transcript });
    if (worded) transcript[transcript.length - 1] = { speaker: 'buyer', text: worded.text };
    return { transcript, ended: run.complete, wording: worded?.by ?? 'offline', ...(worded?.error ? { llmError: worded.error } : {}) };
  },
  'simulator.finish': async (p, core) => {
    const from = { store: core.store, language: p.language };
    const scenario = findScenario(p.scenario, from);
    const persona = findPersona(p.persona ?? scenario.persona, from);
    const { run, score } = await simulate({ scenario: scenario.id, persona: persona.id, language: p.language, seed: p.seed, answers: p.answers }, await core.simulator.analyzer(), core.store);
    const spoken = (p.clips ?? []).some((c) => c !== null);
    const saved = saveSimulation(core.store, { scenario: scenario.id, persona: persona.id, language: p.language, seed: p.seed, mode: spoken ? 'voice' : p.mode, startedAt: p.startedAt, endedAt: Date.now(), run, score });
    // Each spoken answer's audio, under the transcript index of its rep turn.
    const repTurns = run.transcript.flatMap((t, i) => (t.speaker === 'rep' ? [i] : []));
    const audio = attachClips(core.dataDir, saved.id, (p.clips ?? []).flatMap((clip, k) => (clip && repTurns[k] !== undefined ? [{ clip, turn: repTurns[k]! }] : [])));
    core.events.emit('simulator.saved', { id: saved.id });
    return { ...saved, audio, ...(p.script?.trim() ? { script: scriptCoverage(p.script, saved.transcript) } : {}) };
  },
  'simulator.history': (p, core) => {
    const purged = purgeExpiredSimulations(core.store, core.settings().privacy.retentionDays);
    for (const id of purged) removeClips(core.dataDir, id);
    if (purged.length > 0) core.events.emit('simulator.deleted', { ids: purged });
    return { runs: simulationHistory(core.store, { limit: p.limit, scenario: p.scenario }) };
  },
  'simulator.delete': (p, core) => {
    const deleted = deleteSimulationRun(core.store, p.id);
    removeClips(core.dataDir, p.id);
    if (deleted) core.events.emit('simulator.deleted', { ids: [p.id] });
    return { deleted };
  },
  'simulator.get': (p, core) => {
    const r = getSimulationRecord(core.store, p.id);
    if (!r) throw new CoreError('not_found', `no simulation ${JSON.stringify(p.id)}`);
    return { ...r, audio: clipTurns(core.dataDir, r.id) };
  },
  'simulator.clip': (p, core) => {
    const wav = getSimulationRecord(core.store, p.id) ? readClip(core.dataDir, p.id, p.turn) : null;
    if (!wav) throw new CoreError('not_found', `no audio for turn ${p.turn} of simulation ${JSON.stringify(p.id)}`);
    return { audio: wav.toString('base64'), mime: 'audio/wav' as const };
  },
  'simulator.transcribe': (p, core) => transcribeTurn(core, Buffer.from(p.audio, 'base64'), p.language, { pool: core.simulator.pool }),
  'simulator.listen': (p, core) => core.simulator.listen((signal) => listenTurn(core, p.language, { maxMs: p.maxMs, signal, pool: core.simulator.pool })),
  'simulator.listen.stop': (_p, core) => ({ stopped: core.simulator.stopListening() }),
  'simulator.scoreCall': (p, core) => {
    const { run, score, language } = scoreCall(core.store, p.callId, { passMark: p.passMark });
    return {
      callId: p.callId, language, score: score.score, passed: score.passed, categories: score.categories, checks: score.checks, feedback: score.feedback,
      objections: run.objections.map((o) => ({ type: o.type, answered: o.answeredAt !== null })), transcript: run.transcript.map((t) => ({ speaker: t.speaker, text: t.text })),
    };
  },
  'simulator.speak': async (p) => ({ audio: (await renderBuyerVoice(p.text, p.language)).toString('base64'), mime: 'audio/wav' as const }),
} satisfies Pick<Handlers, 'simulator.library' | 'simulator.persona.save' | 'simulator.persona.restore' | 'simulator.scenario.save' | 'simulator.scenario.restore' | 'simulator.turn' | 'simulator.finish' | 'simulator.history' | 'simulator.get' | 'simulator.clip' | 'simulator.delete' | 'simulator.transcribe' | 'simulator.listen' | 'simulator.listen.stop' | 'simulator.scoreCall' | 'simulator.speak'>;
