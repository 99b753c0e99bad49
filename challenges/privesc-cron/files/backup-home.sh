#!/bin/sh
# Nightly configuration backup - maintained by the ops team (group: staff).
# TODO(budi): move to the new backup server before Q3.
set -e
DEST=/var/backups
mkdir -p "$DEST"
tar -czf "$DEST/etc.tar.gz.tmp" -C / etc 2>/dev/null || true
mv -f "$DEST/etc.tar.gz.tmp" "$DEST/etc.tar.gz"
echo "$(date -Is) backup ok: $(du -h "$DEST/etc.tar.gz" | cut -f1)" >>/var/log/backup.log
