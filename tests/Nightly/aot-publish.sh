#!/usr/bin/env bash
# Nightly (not part of `dotnet test`: native AOT compiles the whole app, minutes on 2 cores, and it restores the
# projects for linux-x64, so run it on its own, not beside another build of the same tree).
# Runs the commands of the README's "Native AOT and trimming" section verbatim, from the repository's root, and checks
# that the publish gave no warning and that the native executable ran end to end (the stand-in included).
set -euo pipefail
cd "$(dirname "$0")/../.."

block=$(awk '/^## Native AOT and trimming/ { section = 1 } section && /^```sh$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' README.md)
if [ -z "$block" ]; then
  echo "aot-publish: no sh block in the README's 'Native AOT and trimming' section" >&2
  exit 1
fi
printf '%s\n' "--- the README's commands:" "$block" "---"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
if ! bash -euo pipefail -c "$block" 2>&1 | tee "$log"; then
  echo "aot-publish: FAILED (the README's commands failed)" >&2
  exit 1
fi
seconds=$(( $(date +%s) - start ))

status=0
if grep -qE "warning [A-Z]+[0-9]+" "$log"; then
  echo "aot-publish: FAILED: the publish gave warnings" >&2
  status=1
fi
if ! grep -q "segment(s). Overlay:" "$log"; then
  echo "aot-publish: FAILED: the native executable did not finish its run" >&2
  status=1
fi
executable=$(printf '%s\n' "$block" | awk '/^\.\// { print $1; exit }')
if [ -n "$executable" ] && [ -f "$executable" ]; then
  size=$(stat -c %s "$executable")
  echo "aot-publish: $executable is $(( size / 1024 / 1024 )) MiB ($size bytes)"
fi
[ "$status" -eq 0 ] && echo "aot-publish: passed in ${seconds} s (publish and run)"
exit "$status"
