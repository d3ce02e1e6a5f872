# Production image: `docker compose up` runs it next to PostgreSQL, Redis and RabbitMQ.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# libmagic: file-type detection used by neonize for documents; tini: signal handling as PID 1.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 tini \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin cicero

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY menus ./menus
COPY core ./core
COPY sql ./sql
# clientrequest → Download Docs sends the operator guides (CONV-159).
COPY docs ./docs
# Installed in place (editable) so `sql/schema.sql` and `sql/migrations/` stay next to the code.
RUN pip install -e .

# Data directory: WhatsApp session files, outgoing mail files, backups (a volume in compose).
ENV CICERO_DATA_DIR=/data \
    API_HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
RUN mkdir -p /data && chown cicero:cicero /data
VOLUME ["/data"]

USER cicero
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["cicero", "run"]
