// Types of patches.mjs (plain JavaScript: the build script imports it without a TypeScript step).
export declare const whisperPatches: { file: string; why: string; find: string; replace: string }[];
export declare function applyWhisperPatches(dir: string, fs: typeof import('node:fs'), path: typeof import('node:path')): void;
