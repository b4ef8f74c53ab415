#!/usr/bin/env bash
# Prints the architecture figures of issue 14's closing note for the tree it runs in, so "before"
# and "after" are measured the same way. Source = src-main, src-renderer, src-preload without tests
# and test helpers (testing/ folders, testing*.ts). Usage: bash scripts/figures/arch-figures.sh
# Needs: `duplicates` on PATH (skipped if absent), knip (run through npx, skipped if unavailable).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
here=scripts/figures
mapfile -t src < <(git ls-files 'src-main/**.ts' 'src-renderer/**.ts' 'src-renderer/**.tsx' 'src-preload/**.ts' |
  grep -vE '\.test\.tsx?$|/testing/|/testing[A-Za-z]*\.tsx?$')
count_rule() { # $1 = rule id; reads eslint JSON on stdin
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);
    console.log(r.reduce((n,f)=>n+f.messages.filter(m=>m.ruleId===process.argv[1]).length,0))})' "$1"
}
echo "source files: ${#src[@]}, lines: $(cat "${src[@]}" | wc -l)"
over150=0; over300=0
for f in "${src[@]}"; do n=$(wc -l <"$f"); ((n > 150)) && ((over150++)); ((n > 300)) && ((over300++)); done
echo "files over 150 lines: $over150"
echo "files over 300 lines: $over300"
npx eslint --no-config-lookup -c "$here/figures.eslint.mjs" -f json "${src[@]}" >/tmp/arch-figures.$$.json 2>/dev/null
echo "functions over 80 lines: $(count_rule max-lines-per-function </tmp/arch-figures.$$.json)"
echo "non-null assertions (!): $(count_rule @typescript-eslint/no-non-null-assertion </tmp/arch-figures.$$.json)"
rm -f /tmp/arch-figures.$$.json
echo "layer back edges (boundaries/*): $(npx eslint -f json src-main src-renderer src-preload 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);
    console.log(r.reduce((n,f)=>n+f.messages.filter(m=>(m.ruleId||"").startsWith("boundaries/")).length,0))})')"
echo "hand-built user/device keys (key context): $(grep -E '`\$\{[^}]*(user|owner)[^}]*\}/\$\{[^}]*device[^}]*\}' "${src[@]}" | grep -i key | grep -vc 'contract/deviceKey.ts')"
echo "hand-written bounded maps (keys().next().value): $(grep -l 'keys().next().value' "${src[@]}" | grep -vc BoundedMap)"
echo "event emitters: util/Emitter imports $(grep -lE "from '[./]*(util/)?Emitter'" "${src[@]}" | wc -l), node EventEmitter $(grep -lE "EventEmitter" "${src[@]}" | wc -l)"
if command -v duplicates >/dev/null; then
  echo "duplicate pairs: $(duplicates --seconds 300 2>/dev/null | head -1)"
fi
# knip exits 1 when it finds anything; an empty answer means it could not run.
knip=$(npx --yes knip@6 --reporter compact --include exports,types 2>/dev/null)
if [[ -n $knip ]]; then
  echo "knip unused exports: $(grep -m1 -oE '^Unused exports \([0-9]+\)' <<<"$knip" | grep -oE '[0-9]+' || echo 0)"
  echo "knip unused exported types: $(grep -m1 -oE '^Unused exported types \([0-9]+\)' <<<"$knip" | grep -oE '[0-9]+' || echo 0)"
fi
