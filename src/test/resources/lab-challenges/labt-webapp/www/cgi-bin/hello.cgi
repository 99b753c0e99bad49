#!/bin/sh
# Header lines end with a bare LF, as most shell CGI scripts write them.
printf 'Content-Type: text/plain\n\n'
echo "hello from cgi"
echo "method=$REQUEST_METHOD query=$QUERY_STRING"
if [ "$REQUEST_METHOD" = POST ]; then printf 'body='; head -c "$CONTENT_LENGTH"; echo; fi
echo "cookies=$HTTP_COOKIE"
echo "host=$HTTP_HOST"
