#!/bin/sh
# Service status page (legitimate).
echo "Content-Type: text/plain"
echo
echo "Diskominfo web: OK"
echo "uptime: $(uptime)"
