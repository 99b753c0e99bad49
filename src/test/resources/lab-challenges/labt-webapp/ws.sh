#!/bin/sh
# A minimal WebSocket server (run by nc per connection): answers the opening handshake, then
# sends one text frame naming the Cookie header it got, and keeps the connection a while.
key=
cookie=
while IFS= read -r line; do
  line=$(printf '%s' "$line" | tr -d '\r')
  [ -z "$line" ] && break
  case "$line" in
    [Ss]ec-[Ww]eb[Ss]ocket-[Kk]ey:*) key=${line#*: } ;;
    [Cc]ookie:*) cookie=${line#*: } ;;
  esac
done
accept=$(printf '%s' "${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11" | sha1sum | cut -d' ' -f1 \
  | xxd -r -p | base64)
printf 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
printf 'Sec-WebSocket-Accept: %s\r\n\r\n' "$accept"
msg="hello-ws cookie=$cookie"
printf "\\201\\$(printf %03o "${#msg}")%s" "$msg"
sleep 20
