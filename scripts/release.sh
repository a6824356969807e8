#!/usr/bin/env bash
# release.sh VERSION - build the release files of gomem VERSION into out/release/VERSION/:
#
#   gomem-VERSION-linux-x64.tar.gz   the native executable (scripts/publish-native.sh), README.md, and LICENSE if any,
#                                    in a folder gomem-VERSION-linux-x64/
#   GoMem.Tool.VERSION.nupkg          the .NET tool package (dotnet tool install -g GoMem.Tool), README.md as its readme
#   SHA256SUMS                        sha256sum's lines for the files above (check with: sha256sum -c SHA256SUMS)
#
# GOMEM_RELEASE_OUT=DIR writes there instead; GOMEM_RELEASE_RIDS="linux-x64 linux-arm64" adds archives for other
# runtimes (linux-arm64 needs an arm64 cross toolchain and sysroot: see docs/PERFORMANCE.md, "Native build").
# The archives are reproducible: files sorted, owner root, times set to the commit's.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ $# -eq 1 ]] || { echo "usage: scripts/release.sh VERSION (e.g. 0.2.0)" >&2; exit 2; }
version=$1
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "release.sh: \"$version\" is not a version (MAJOR.MINOR.PATCH, e.g. 0.2.0 or 0.2.0-rc.1)" >&2; exit 2; }
out=${GOMEM_RELEASE_OUT:-$root/out/release/$version}
rids=${GOMEM_RELEASE_RIDS:-linux-x64}
epoch=$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for rid in $rids; do
  name="gomem-$version-$rid"
  mkdir -p "$work/$name"
  GOMEM_VERSION=$version GOMEM_NATIVE_OUT="$work/$name" "$root/scripts/publish-native.sh" "$rid" >/dev/null
  cp "$root/README.md" "$work/$name/"
  [[ -f "$root/LICENSE" ]] && cp "$root/LICENSE" "$work/$name/"
  tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz"
  echo "release.sh: $out/$name.tar.gz" >&2
done

echo "release.sh: packing the .NET tool package..." >&2
if ! log=$(dotnet pack "$root/src/GoMem.Cli" -c Release -p:Version="$version" --artifacts-path "$root/artifacts/pack" -o "$out" --nologo 2>&1); then
  echo "$log" >&2
  exit 1
fi
echo "release.sh: $out/GoMem.Tool.$version.nupkg" >&2

(cd "$out" && sha256sum -- *.tar.gz "GoMem.Tool.$version.nupkg" > SHA256SUMS)
echo "$out"
