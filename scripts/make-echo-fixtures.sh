#!/usr/bin/env bash
# Synthetic speakers-and-laptop-mic calls for the echo suppression tests and bench.
# For each fixture: system.wav (the customer, as the call app plays it), mic.wav (the rep's
# own voice + the customer's voice coming back from the speakers: delayed, band-limited like
# a laptop speaker, attenuated by GAIN dB, plus a mic noise floor) and timeline.tsv (who says
# what, when). The rep answers once alone and once talks over the customer.
#
# Usage: scripts/make-echo-fixtures.sh OUTDIR            # the standard matrix (en + pt-br)
#        scripts/make-echo-fixtures.sh OUTDIR LANG GAIN_DB DELAY_MS ["SOX REVERB ARGS"]   # one fixture
# Needs espeak-ng and sox (installed by .ci/run). Output is deterministic.
set -euo pipefail
command -v espeak-ng >/dev/null || { echo "make-echo-fixtures: espeak-ng not found (apt-get install espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "make-echo-fixtures: sox not found (apt-get install sox)" >&2; exit 1; }
OUT=${1:?usage: make-echo-fixtures.sh OUTDIR [LANG GAIN_DB DELAY_MS]}
mkdir -p "$OUT"

say() { # voice text out.wav: 16 kHz mono, silence trimmed, normalised to -6 dBFS
  local tmp="$3.raw.wav"
  espeak-ng -v "$1" -s 165 -w "$tmp" "$2"
  # Trim espeak's leading/trailing silence so timeline.tsv holds the true speech span.
  sox -q "$tmp" -r 16000 -c 1 -b 16 "$3" silence 1 0.01 0.3% reverse silence 1 0.01 0.3% reverse gain -n -6
  rm -f "$tmp"
}
dur() { soxi -D "$1"; }
# awk, not python: it starts in milliseconds even on a loaded machine.
add() { awk "BEGIN { printf \"%.3f\", ($1) + ($2) }"; }
max() { awk "BEGIN { a = $1; b = $2; printf \"%.3f\", (a > b ? a : b) }"; }

make_one() { # lang gain_db delay_ms [reverb args]
  local lang=$1 gain=$2 delay=$3 reverb=${4:-}
  local dir="$OUT/$lang${gain}db-${delay}ms${reverb:+-reverb}"
  local w="$dir/work"
  mkdir -p "$w"
  local cv rv A R1 B R2 C
  if [ "$lang" = en ]; then
    cv=en-us; rv=en-us+f3
    A="Honestly, the price you quoted is much higher than what we pay today."
    R1="I understand. Can you tell me what you are paying right now?"
    B="We pay around two thousand a month, and the contract renews in March, so we would need to decide before then."
    R2="Sure, that timing works for us."
    C="Also, our director has to approve any new vendor."
  else
    cv=pt-br; rv=pt-br+f2
    A="Sinceramente, o preço que vocês passaram está bem acima do que pagamos hoje."
    R1="Entendo. Quanto vocês pagam atualmente?"
    B="Pagamos uns dois mil por mês, e o contrato renova em março, então precisamos decidir antes disso."
    R2="Claro, esse prazo funciona para nós."
    C="Além disso, o nosso diretor precisa aprovar qualquer fornecedor novo."
  fi
  say "$cv" "$A" "$w/a.wav"; say "$rv" "$R1" "$w/r1.wav"; say "$cv" "$B" "$w/b.wav"
  say "$rv" "$R2" "$w/r2.wav"; say "$cv" "$C" "$w/c.wav"
  local tA=0.5 tR1 tB tR2 tC total
  tR1=$(add "$tA" "$(dur "$w/a.wav") + 0.8")
  tB=$(add "$tR1" "$(dur "$w/r1.wav") + 0.8")
  tR2=$(add "$tB" 1.2)
  tC=$(add "$(max "$tB + $(dur "$w/b.wav")" "$tR2 + $(dur "$w/r2.wav")")" 0.8)
  total=$(add "$tC" "$(dur "$w/c.wav") + 1.0")
  place() { sox -q "$1" "$2" pad "$3" 0; }
  place "$w/a.wav" "$w/pa.wav" "$tA"; place "$w/b.wav" "$w/pb.wav" "$tB"; place "$w/c.wav" "$w/pc.wav" "$tC"
  place "$w/r1.wav" "$w/pr1.wav" "$tR1"; place "$w/r2.wav" "$w/pr2.wav" "$tR2"
  sox -q -m -v 1 "$w/pa.wav" -v 1 "$w/pb.wav" -v 1 "$w/pc.wav" "$dir/system.wav" pad 0 30 trim 0 "$total"
  sox -q -m -v 1 "$w/pr1.wav" -v 1 "$w/pr2.wav" "$dir/rep.wav" pad 0 30 trim 0 "$total"
  # The echo: the system track out of a small speaker and back into the mic.
  sox -q "$dir/system.wav" "$w/echo.wav" pad "$(add "$delay / 1000" 0)" 0 highpass 150 lowpass 7000 ${reverb:+reverb $reverb} gain "$gain" trim 0 "$total"
  sox -q -n -r 16000 -c 1 -b 16 "$w/noise.wav" synth "$total" whitenoise vol 0.002
  sox -q -m -v 1 "$dir/rep.wav" -v 1 "$w/echo.wav" -v 1 "$w/noise.wav" "$dir/mic.wav" trim 0 "$total"
  {
    printf 'speaker\tstart\tend\ttext\n'
    printf 'customer\t%s\t%s\t%s\n' "$tA" "$(add "$tA" "$(dur "$w/a.wav")")" "$A"
    printf 'rep\t%s\t%s\t%s\n' "$tR1" "$(add "$tR1" "$(dur "$w/r1.wav")")" "$R1"
    printf 'customer\t%s\t%s\t%s\n' "$tB" "$(add "$tB" "$(dur "$w/b.wav")")" "$B"
    printf 'rep\t%s\t%s\t%s\n' "$tR2" "$(add "$tR2" "$(dur "$w/r2.wav")")" "$R2"
    printf 'customer\t%s\t%s\t%s\n' "$tC" "$(add "$tC" "$(dur "$w/c.wav")")" "$C"
  } >"$dir/timeline.tsv"
  rm -rf "$w"
  echo "$dir"
}

if [ $# -ge 4 ]; then
  make_one "$2" "$3" "$4" "${5:-}"
else
  # Every gain in both languages, delays spread over 30-80 ms.
  make_one en -3 30; make_one en -10 55; make_one en -20 80
  make_one pt -3 80; make_one pt -10 30; make_one pt -20 55
  # A reverberant room (sox reverb: 30% reverberance, wet -6 dB): the linear canceller alone fails here.
  make_one en -6 55 "30 50 30 100 0 -6"; make_one pt -6 30 "30 50 30 100 0 -6"
fi
