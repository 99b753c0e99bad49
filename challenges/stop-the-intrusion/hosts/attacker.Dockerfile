# The adversary's host (outside network, hidden from the trainee): its C2 listener.
FROM b2c/debian:bookworm
COPY c2.py /opt/c2/c2.py
RUN mkdir -p /root/loot
CMD ["python3", "/opt/c2/c2.py"]
