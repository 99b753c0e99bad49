# The file server (inside network only): the office share and remote logins (remshd).
FROM b2c/debian:bookworm
COPY remshd.py /opt/remsh/remshd.py
COPY remsh-passwd /usr/local/sbin/remsh-passwd
COPY files-init /usr/local/sbin/lab-init
COPY share/ /srv/share/
RUN chmod 0755 /usr/local/sbin/lab-init /usr/local/sbin/remsh-passwd \
 && useradd -m -s /bin/bash -u 1003 arsip && mkdir -p /etc/remsh \
 && /usr/local/sbin/remsh-passwd arsip 'Arsip2026!' \
 && chown -R arsip:arsip /srv/share
EXPOSE 8080 2222
CMD ["/usr/local/sbin/lab-init"]
