#!/usr/bin/env bash
# Starts the b2c-ipam driver for lab networks with a fixed subnet if it does not run (see
# b2c_start_ipam in infra/lib.sh); as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
. infra/lib.sh
b2c_start_ipam "${1:-${TMPDIR:-/tmp}/b2c-ipam-logs}"
