#!/usr/bin/env bash
# publish-native.sh [RID] - build gomem as a native executable (Native AOT): no .NET needed to run it.
#
# Usage: scripts/publish-native.sh [linux-x64|linux-arm64]   (default: this machine's, linux-x64)
#   writes out/native/RID/gomem (and prints its path). GOMEM_NATIVE_OUT=DIR writes there instead;
#   GOMEM_VERSION=X.Y.Z stamps that version (default: the project's).
#
# Needs the .NET 10 SDK (the ILCompiler package comes from NuGet on restore, the version the SDK picks) and a C
# toolchain as the linker: clang, else gcc (apt-get install -y clang, or gcc). The intermediate files go to
# artifacts/native/, apart from the JIT build's bin/ and obj/, so this never disturbs ./gomem or the tests.
# The build fails on any trimming or AOT warning (warnings are errors, as in every build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rid=${1:-linux-x64}
case "$rid" in
  linux-x64|linux-arm64) ;;
  *) echo "publish-native.sh: unsupported runtime \"$rid\" (linux-x64 or linux-arm64)" >&2; exit 2 ;;
esac
out=${GOMEM_NATIVE_OUT:-$root/out/native/$rid}

if command -v clang >/dev/null 2>&1; then
  linker=clang
elif command -v gcc >/dev/null 2>&1; then
  linker=gcc
else
  echo "publish-native.sh: Native AOT links with clang or gcc, and neither is installed (apt-get install -y gcc libc6-dev, or clang)" >&2
  exit 1
fi

# One publish at a time per checkout: they share artifacts/native/ (intermediate files and the staging folder), so a
# second one (the release test of a running suite, a hand-run benchmark build) waits instead of overwriting the first's.
mkdir -p "$root/artifacts/native"
exec 9>"$root/artifacts/native/.lock"
if ! flock -n 9; then
  echo "publish-native.sh: another native build is running in this checkout; waiting for it to finish..." >&2
  flock 9
fi

echo "publish-native.sh: building the native gomem for $rid (dotnet publish -p:PublishAot=true, linked by $linker); this takes a few minutes..." >&2
staging="$root/artifacts/native/publish/$rid"
rm -rf "$staging"
if ! log=$(dotnet publish "$root/src/GoMem.Cli" -c Release -r "$rid" -p:PublishAot=true -p:CppCompilerAndLinker="$linker" ${GOMEM_VERSION:+-p:Version="$GOMEM_VERSION"} \
             --artifacts-path "$root/artifacts/native" -o "$staging" --nologo 2>&1); then
  echo "$log" >&2
  exit 1
fi
# No warning is expected (the project treats them as errors, ILCompiler's included): show any that got through.
grep -i ': warning ' <<<"$log" | sort -u >&2 || true
mkdir -p "$out"
install -m 0755 "$staging/GoMem.Cli" "$out/gomem"
# Native libraries the binary loads beside itself (SQLite's, when it is not linked in).
find "$staging" -maxdepth 1 -name '*.so' -exec install -m 0644 {} "$out/" \;
echo "$out/gomem"
