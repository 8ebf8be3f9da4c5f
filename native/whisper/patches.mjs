// Fixes applied to the pinned whisper.cpp sources (nodejs-whisper's copy) before they are built.
// scripts/build-whisper.mjs copies the tree into the build folder and applies each one there;
// a patch whose `find` text is not in the file exactly once fails the build, so a version bump
// that changes (or fixes) the code is noticed. Each one says why, and where upstream tracks it.
// Checked by test/whisper-patches.test.ts.

/** @type {{ file: string; why: string; find: string; replace: string }[]} */
export const whisperPatches = [
  {
    file: 'ggml/src/ggml-cpu/amx/mmq.cpp',
    why:
      "AMX (Intel Sapphire Rapids and later): GCC drops the stores that fill the tile configuration on the stack before " +
      '_tile_loadconfig, so every tile is configured with 0 rows and the first tileloadd is an illegal instruction: ' +
      'q8_0/q4_0 models crash the process (SIGILL) on such CPUs. The configuration is a constant in .rodata instead ' +
      '(as proposed upstream: ggml-org/llama.cpp pull request 26954).',
    find: `    alignas(64) tile_config_t tc = {};
    tc.palette_id = 1;
    tc.start_row = 0;
    tc.rows[0] = 8;   tc.colsb[0] = 64;
    tc.rows[1] = 8;   tc.colsb[1] = 64;
    tc.rows[2] = 16;  tc.colsb[2] = 32;
    tc.rows[3] = 16;  tc.colsb[3] = 32;
    tc.rows[4] = 16;  tc.colsb[4] = 64;
    tc.rows[5] = 16;  tc.colsb[5] = 64;
    tc.rows[6] = 16;  tc.colsb[6] = 64;
    tc.rows[7] = 16;  tc.colsb[7] = 64;
`,
    replace: `    // SalesEdge patch (native/whisper/patches.mjs): a constant, so no store can be dropped.
    alignas(64) static const tile_config_t tc = {
        /* palette_id */ 1, /* start_row */ 0, /* reserved_0 */ {0},
        /* colsb */ {64, 64, 32, 32, 64, 64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0},
        /* rows */ {8, 8, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0},
    };
`,
  },
];

/** Applies the patches to a copy of the sources at `dir`; throws naming the patch that does not apply. */
export function applyWhisperPatches(dir, fs, path) {
  for (const p of whisperPatches) {
    const file = path.join(dir, p.file);
    const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const at = text.indexOf(p.find);
    if (at === -1 || text.indexOf(p.find, at + 1) !== -1) throw new Error(`the patch for ${p.file} does not apply (${at === -1 ? 'its text is not there' : 'its text is there twice'}): check it against this whisper.cpp version`);
    fs.writeFileSync(file, text.slice(0, at) + p.replace + text.slice(at + p.find.length));
  }
}
