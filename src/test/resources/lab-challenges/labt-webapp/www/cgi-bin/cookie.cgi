#!/bin/sh
# The lab's own cookie, one with the range's session cookie name and one for every lab host.
printf 'Content-Type: text/plain\n'
printf 'Set-Cookie: labsession=s3cret; Path=/\n'
printf 'Set-Cookie: q_session=planted; Path=/\n'
printf 'Set-Cookie: wide=1; Domain=labs.localhost; Path=/\n\n'
echo "cookies=$HTTP_COOKIE"
