#!/usr/bin/env python3
"""Writes a Whisper ggml model file with RANDOM weights but the exact shapes, tensor names,
types (f16 matrices, f32 vectors) and vocabulary size of a real one, so whisper.cpp loads it
and spends the same compute per encode/decode as the real model. It transcribes nothing
meaningful: it exists to benchmark compute cost and to test loading where real weights cannot
be downloaded. Layout follows whisper.cpp's models/convert-pt-to-ggml.py.

Usage: python3 scripts/make-random-ggml.py tiny|tiny.en|base|base.en|small|small.en OUT.bin [--seed N]
"""
import argparse
import struct
import sys

import numpy as np

# (n_audio_state, n_heads, n_layers) of the OpenAI checkpoints; n_vocab is 51865 for the
# multilingual models and 51864 for the English-only ones.
DIMS = {"tiny": (384, 6, 4), "base": (512, 8, 6), "small": (768, 12, 12)}
N_MELS, N_AUDIO_CTX, N_TEXT_CTX, N_FFT, SAMPLE_RATE = 80, 1500, 448, 400, 16000


def mel_filters(n_mels=N_MELS, n_fft=N_FFT, sr=SAMPLE_RATE):
    """Slaney-style mel filterbank (what librosa.filters.mel gives Whisper), shape [n_mels, 1 + n_fft/2]."""
    def hz_to_mel(f):
        f = np.asanyarray(f, dtype=np.float64)
        lin = f / (200.0 / 3)
        log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
        return np.where(f >= 1000.0, log, lin)

    def mel_to_hz(m):
        m = np.asanyarray(m, dtype=np.float64)
        lin = m * (200.0 / 3)
        log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
        return np.where(m >= 15.0, log, lin)

    fft_freqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_pts = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
    fdiff = np.diff(mel_pts)
    ramps = mel_pts[:, None] - fft_freqs[None, :]
    weights = np.zeros((n_mels, len(fft_freqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_pts[2 : n_mels + 2] - mel_pts[:n_mels]))[:, None]
    return weights.astype(np.float32)


def sinusoids(length, channels):
    inc = np.log(10000) / (channels // 2 - 1)
    inv = np.exp(-inc * np.arange(channels // 2))
    t = np.arange(length)[:, None] * inv[None, :]
    return np.concatenate([np.sin(t), np.cos(t)], axis=1).astype(np.float32)


def tensors(name, state, layers, n_vocab, rng):
    """Yields (name, array) in the order of the PyTorch state dict."""
    def w(*shape):
        return (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(np.float16)

    def zeros(n):
        return np.zeros(n, dtype=np.float32)

    def ones(n):
        return np.ones(n, dtype=np.float32)

    def block(prefix, cross):
        parts = [("attn", "attn_ln")] + ([("cross_attn", "cross_attn_ln")] if cross else [])
        for attn, ln in parts:
            yield f"{prefix}.{attn}.query.weight", w(state, state)
            yield f"{prefix}.{attn}.query.bias", zeros(state)
            yield f"{prefix}.{attn}.key.weight", w(state, state)
            yield f"{prefix}.{attn}.value.weight", w(state, state)
            yield f"{prefix}.{attn}.value.bias", zeros(state)
            yield f"{prefix}.{attn}.out.weight", w(state, state)
            yield f"{prefix}.{attn}.out.bias", zeros(state)
            yield f"{prefix}.{ln}.weight", ones(state)
            yield f"{prefix}.{ln}.bias", zeros(state)
        yield f"{prefix}.mlp.0.weight", w(4 * state, state)
        yield f"{prefix}.mlp.0.bias", zeros(4 * state)
        yield f"{prefix}.mlp.2.weight", w(state, 4 * state)
        yield f"{prefix}.mlp.2.bias", zeros(state)
        yield f"{prefix}.mlp_ln.weight", ones(state)
        yield f"{prefix}.mlp_ln.bias", zeros(state)

    yield "encoder.positional_embedding", sinusoids(N_AUDIO_CTX, state)
    yield "encoder.conv1.weight", w(state, N_MELS, 3)
    yield "encoder.conv1.bias", zeros((state, 1))
    yield "encoder.conv2.weight", w(state, state, 3)
    yield "encoder.conv2.bias", zeros((state, 1))
    for i in range(layers):
        yield from block(f"encoder.blocks.{i}", cross=False)
    yield "encoder.ln_post.weight", ones(state)
    yield "encoder.ln_post.bias", zeros(state)
    yield "decoder.token_embedding.weight", w(n_vocab, state)
    yield "decoder.positional_embedding", (rng.standard_normal((N_TEXT_CTX, state), dtype=np.float32) * 0.01)
    for i in range(layers):
        yield from block(f"decoder.blocks.{i}", cross=True)
    yield "decoder.ln.weight", ones(state)
    yield "decoder.ln.bias", zeros(state)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model", choices=[m + s for m in DIMS for s in ("", ".en")])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    state, heads, layers = DIMS[args.model.removesuffix(".en")]
    multilingual = not args.model.endswith(".en")
    n_vocab = 51865 if multilingual else 51864
    rng = np.random.default_rng(args.seed)

    with open(args.out, "wb") as f:
        f.write(struct.pack("i", 0x67676D6C))  # "ggml"
        f.write(struct.pack("11i", n_vocab, N_AUDIO_CTX, state, heads, layers, N_TEXT_CTX, state, heads, layers, N_MELS, 1))
        filters = mel_filters()
        f.write(struct.pack("ii", *filters.shape))
        filters.tofile(f)
        # Base vocabulary as in the real files (50257 multilingual, 50256 gpt2); whisper.cpp
        # adds the special and timestamp tokens itself up to n_vocab.
        n_words = 50257 if multilingual else 50256
        f.write(struct.pack("i", n_words))
        for i in range(n_words):
            word = bytes([i]) if i < 256 else f"tok{i}".encode()
            f.write(struct.pack("i", len(word)))
            f.write(word)
        for name, data in tensors(args.model, state, layers, n_vocab, rng):
            ftype = 1 if data.dtype == np.float16 else 0
            raw = name.encode()
            f.write(struct.pack("iii", data.ndim, len(raw), ftype))
            f.write(struct.pack(f"{data.ndim}i", *reversed(data.shape)))
            f.write(raw)
            data.tofile(f)
    print(f"wrote {args.out}: random-weight {args.model} (n_vocab {n_vocab}, {layers} layers, width {state})", file=sys.stderr)


if __name__ == "__main__":
    main()
