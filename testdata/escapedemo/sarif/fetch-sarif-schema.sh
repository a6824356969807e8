#!/usr/bin/env bash
# fetch-sarif-schema.sh - (re)obtain the SARIF 2.1.0 JSON schema that the escape diff's SARIF output is
# validated against in tests/GoMem.Tests/Escape/EscapeDiffTests.cs.
#
# Source: the npm package @microsoft/jest-sarif@1.0.0-beta.0 (MIT, Microsoft; repository microsoft/sarif-js-sdk)
# ships lib/schemas/sarif-2.1.0-rtm.5.json, the final SARIF 2.1.0 schema (JSON Schema draft-04) as published in
# the SchemaStore catalogue. The file is committed (gzipped) next to this script so the tests run offline; this script
# shows where it came from and checks that it is byte for byte the published one.
# Needs: npm (with access to the npm registry), sha256sum, tar.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
expected=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null && tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz)
actual=$(sha256sum "$work/package/lib/schemas/sarif-2.1.0-rtm.5.json" | cut -d' ' -f1)
[ "$actual" = "$expected" ] || { echo "fetch-sarif-schema.sh: unexpected schema (sha256 $actual)" >&2; exit 1; }
# Stored gzipped: testdata/ holds no plain JSON files but /debug/vars fixtures (the sniffer tests read every file).
gzip -n -9 -c "$work/package/lib/schemas/sarif-2.1.0-rtm.5.json" > "$here/sarif-2.1.0-rtm.5.json.gz"
echo "fetch-sarif-schema.sh: wrote sarif-2.1.0-rtm.5.json.gz (sha256 of the JSON $actual)" >&2
