#!/bin/sh
# `scrapedoc validate` against xmllint --relaxng, the valijson checker and
# (when npm can install it) ajv-cli, on converted samples, dev-corpus pages
# and the broken files in tests/cases/validate/. See tests/tools/validate_agreement.py.
#
# usage: sh validate_agreement.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
if [ $# -lt 4 ]; then
  echo "usage: validate_agreement.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN" >&2
  exit 2
fi
exec python3 "$2/tests/tools/validate_agreement.py" "$1" "$2" "$3/validate-agreement" "$4"
