# The jump server (outside and inside networks): remote logins (remshd, TCP 2222) and cron
# (busybox crond: it runs only crontabs owned by root, and reads one again when its user's name
# is written to cron.update; the operator group may edit the operator's own crontab).
FROM b2c/debian:bookworm
COPY --from=b2c/busybox:latest /bin/busybox /usr/local/bin/busybox
COPY remshd.py /opt/remsh/remshd.py
COPY remsh-passwd /usr/local/sbin/remsh-passwd
COPY jump-init /usr/local/sbin/lab-init
COPY auth.log /var/log/auth.log
RUN chmod 0755 /usr/local/sbin/lab-init /usr/local/sbin/remsh-passwd \
 && useradd -m -s /bin/bash -u 1001 -g operator operator && useradd -m -s /bin/bash -u 1002 helpdesk \
 && mkdir -p /etc/remsh /var/spool/cron/crontabs \
 && /usr/local/sbin/remsh-passwd operator operator123 \
 && /usr/local/sbin/remsh-passwd helpdesk 'Hd-2026-kopi-pagi-senja' \
 && touch /var/spool/cron/crontabs/root /var/spool/cron/crontabs/helpdesk \
           /var/spool/cron/crontabs/operator \
 && chmod 0600 /var/spool/cron/crontabs/* && chmod 1733 /var/spool/cron/crontabs \
 && chgrp operator /var/spool/cron/crontabs/operator \
 && chmod 0660 /var/spool/cron/crontabs/operator \
 && printf 'host files\nuser arsip\npassword Arsip2026!\n' > /home/operator/.fileserver \
 && chown operator:operator /home/operator/.fileserver && chmod 0600 /home/operator/.fileserver
EXPOSE 2222
CMD ["/usr/local/sbin/lab-init"]
