#!/usr/bin/env bash
# Solution: 4624 = successful logon, 4625 = failed logon, 1102 = audit log cleared.
set -euo pipefail
echo "B2C{4624_4625_1102}"
