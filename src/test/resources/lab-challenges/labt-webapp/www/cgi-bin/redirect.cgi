#!/bin/sh
# An app configured with its own address (http://127.0.0.1:8080) redirects there.
printf 'Status: 302 Found\nLocation: http://127.0.0.1:8080/landed.html\n\n'
