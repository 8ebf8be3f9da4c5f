#!/usr/bin/env bash
# Regenerates test/fixtures/recordings/: short two-speaker sales calls synthesised with
# espeak-ng, rep on the left channel and customer on the right (the layout call recorders
# use), encoded in every format `salesedge calls import` accepts. Needs espeak-ng, sox and,
# for M4A/AAC only, ffmpeg (apt-get install espeak-ng sox libsox-fmt-all ffmpeg).
# A `.script.json` beside each call gives the words and times (for the reference ASR engine).
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/recordings"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
RATE=16000
GAP=0.6

# make_call NAME VOICE LANG "speaker|text" ...
make_call() {
  local name="$1" voice="$2" lang="$3"
  shift 3
  local t=0 i=0 rep_parts=() cus_parts=() json=""
  for line in "$@"; do
    local speaker="${line%%|*}" text="${line#*|}"
    local wav="$tmp/$name-$i.wav"
    espeak-ng -v "$voice" -s 165 -w "$tmp/raw.wav" "$text"
    # Trim the silence espeak-ng leaves around speech, so the script times are the speech itself.
    sox "$tmp/raw.wav" -r "$RATE" -c 1 -b 16 "$wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3
    local len silence
    len=$(soxi -D "$wav")
    silence="$tmp/$name-sil-$i.wav"
    sox -n -r "$RATE" -c 1 -b 16 "$silence" trim 0 "$len"
    if [ "$speaker" = rep ]; then rep_parts+=("$wav"); cus_parts+=("$silence"); else rep_parts+=("$silence"); cus_parts+=("$wav"); fi
    sox -n -r "$RATE" -c 1 -b 16 "$tmp/gap.wav" trim 0 "$GAP"
    rep_parts+=("$tmp/gap.wav"); cus_parts+=("$tmp/gap.wav")
    local start end
    start=$(awk -v t="$t" 'BEGIN { printf "%d", t * 1000 }')
    end=$(awk -v t="$t" -v l="$len" 'BEGIN { printf "%d", (t + l) * 1000 }')
    json+="${json:+,}\n    {\"speaker\": \"$speaker\", \"text\": \"$text\", \"startMs\": $start, \"endMs\": $end}"
    t=$(awk -v t="$t" -v l="$len" -v g="$GAP" 'BEGIN { print t + l + g }')
    i=$((i + 1))
  done
  sox "${rep_parts[@]}" "$tmp/rep.wav"
  sox "${cus_parts[@]}" "$tmp/cus.wav"
  sox -M "$tmp/rep.wav" "$tmp/cus.wav" -b 16 "$out/$name.wav"
  printf '{\n  "title": "%s",\n  "language": "%s",\n  "utterances": [%b\n  ]\n}\n' "$name" "$lang" "$json" > "$out/$name.script.json"
}

make_call call-en en-us en \
  "rep|Hi, thanks for joining today. How is your quarter going?" \
  "customer|Honestly, the price is too high for our budget this year." \
  "rep|I understand. What budget did you plan for this project?" \
  "customer|We are also talking to Salesforce. Can you send a proposal by Friday?" \
  "rep|Yes, I will send the proposal by Friday."

make_call call-pt pt-br pt \
  "rep|Olá, obrigado pela reunião. Como está o trimestre de vocês?" \
  "customer|Sinceramente, o preço está muito caro para o nosso orçamento." \
  "rep|Entendo. Qual orçamento vocês planejaram para o projeto?" \
  "customer|Estamos conversando com a Salesforce também. Você pode mandar uma proposta até sexta?" \
  "rep|Sim, vou enviar a proposta até sexta-feira."

# The English call in every other accepted format.
sox "$out/call-en.wav" -C 64 "$out/call-en.mp3"
sox "$out/call-en.wav" -C 3 "$out/call-en.ogg"
sox "$out/call-en.wav" "$out/call-en.flac"
if command -v ffmpeg >/dev/null; then
  ffmpeg -loglevel error -y -i "$out/call-en.wav" -c:a aac -b:a 48k "$out/call-en.m4a"
  ffmpeg -loglevel error -y -i "$out/call-en.wav" -c:a aac -b:a 48k -f adts "$out/call-en.aac"
else
  echo "ffmpeg not found: call-en.m4a and call-en.aac left as they were" >&2
fi
# Not audio at all, and a WAV cut off after its header (bad-input tests).
printf 'this is not a recording\n' > "$out/not-audio.wav"
head -c 44 "$out/call-en.wav" > "$out/truncated.wav"
ls -l "$out"
